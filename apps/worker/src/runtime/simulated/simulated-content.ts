import { createHash } from 'node:crypto';
import type { Handoff, HandoffContent, HandoffType } from '@quarterdeck/contracts';

// Deterministic, schema-valid handoff content for the offline `simulated` provider: the same
// idea and step always give the same answer, and every text says it is simulated, so the
// output can never be mistaken for a model's.

export interface SimulationBrief {
  productIdea: string;
  projectName: string;
  role: string;
  stepId: string;
  inputs: Handoff[];
  /** A reviewer's reason or a watchdog finding from the previous attempt. */
  feedback?: string | null;
}

const LABEL = '[simulated]';

export function simulatedContent<T extends HandoffType>(type: T, brief: SimulationBrief): HandoffContent<T>;
export function simulatedContent(type: HandoffType, brief: SimulationBrief): HandoffContent {
  const idea = oneLine(brief.productIdea, 200);
  const pick = picker(`${type}|${brief.stepId}|${brief.productIdea}`);
  // A real model reads the feedback in its prompt; the simulation shows it took it in, so a
  // reworked version visibly differs from the rejected one.
  const rework = brief.feedback ? [`${LABEL} reworked after feedback: ${oneLine(brief.feedback, 500)}`] : [];
  switch (type) {
    case 'idea_brief':
      return { product_idea: `${LABEL} ${idea}`, project_name: brief.projectName };
    case 'software_specification':
      return {
        core_idea: `${LABEL} ${idea}`,
        requirements: [
          `Users can ${pick(['create', 'record', 'manage'])} their items for: ${idea}`,
          'Every change is saved and visible after a reload',
          'Invalid input is refused with a clear message',
        ],
        user_stories: [
          `As a user, I want to use "${idea}" so that I get my task done faster`,
          'As an administrator, I want to see recent activity so that I can help users',
        ],
        high_level_features: ['Item management', 'Activity history', pick(['Search', 'Export', 'Notifications'])],
        assumptions: [`${LABEL} a single team uses the product`, ...rework],
      };
    case 'product_requirements':
      return {
        release_goal: `${LABEL} a first release of "${idea}" that a small team can use daily`,
        features: [
          {
            id: 'F1',
            title: 'Item management',
            description: 'Create, edit and delete items.',
            priority: 'must',
            acceptance_criteria: ['An item created appears in the list', 'A deleted item is gone after a reload'],
          },
          {
            id: 'F2',
            title: 'Activity history',
            description: 'See who changed what.',
            priority: 'should',
            acceptance_criteria: ['Each change shows its author and time'],
          },
        ],
        out_of_scope: ['Mobile apps', ...rework],
        success_metrics: ['Ten active users in the first week'],
      };
    case 'implementation_plan':
      return {
        architecture_diagram_url: 'diagram:simulated/components',
        database_schema: 'CREATE TABLE items (id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
        tech_stack: ['TypeScript', 'Node.js', pick(['PostgreSQL', 'SQLite'])],
        task_breakdown: [`${LABEL} Data model and migrations`, 'HTTP API for items', 'Web page listing items'],
        components: ['api', 'web'],
        interfaces: ['GET /items returns the items as JSON', ...rework],
      };
    case 'code_change':
      return {
        summary: [`${LABEL} ${brief.role} change for: ${idea}`, ...rework].join('; '),
        files: [
          {
            path: `src/${slug(brief.stepId)}.ts`,
            content: `// ${LABEL} generated offline for: ${idea}\nexport function describe(): string {\n  return ${JSON.stringify(idea)};\n}\n`,
            language: 'typescript',
          },
          { path: `docs/${slug(brief.stepId)}.md`, content: `# ${brief.stepId}\n\n${LABEL} ${idea}\n`, language: 'markdown' },
        ],
      };
    case 'qa_report':
      return {
        passed: true,
        summary: `${LABEL} every acceptance criterion checked`,
        findings: rework,
        tested_items:
          brief.inputs.length > 0
            ? brief.inputs.map((input) => `${input.handoffType} from ${input.sourceAgent}`)
            : ['the release as a whole'],
      };
    case 'discussion_outcome':
      return {
        summary: `${LABEL} the panel discussed how to start on "${idea}"`,
        decisions: [
          {
            problem: 'Which first release to build',
            variants: [
              { id: 'A', title: 'Smallest useful release', description: 'Ship the core flow first.' },
              { id: 'B', title: 'Broad release', description: 'Ship several features at once.' },
            ],
            votes: [
              { voter: 'project_manager', variant_id: 'A', reason: 'Faster feedback' },
              { voter: 'technical_architect', variant_id: 'A', reason: 'Less risk' },
              { voter: 'creative_strategist', variant_id: 'B', reason: 'More to show' },
            ],
            chosen_variant_id: 'A',
            justification: 'Two of three votes, and it keeps the first release small.',
          },
        ],
        open_questions: [],
      };
  }
}

/** A deterministic chooser seeded by the text, so a different idea gives a different (but stable) answer. */
function picker(seedText: string): <T>(options: T[]) => T {
  const seed = createHash('sha256').update(seedText).digest();
  let position = 0;
  return <T>(options: T[]): T => {
    const byte = seed[position++ % seed.length] ?? 0;
    const chosen = options[byte % options.length];
    if (chosen === undefined) throw new Error('picker needs at least one option');
    return chosen;
  };
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat || 'an unnamed idea';
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'change'
  );
}
