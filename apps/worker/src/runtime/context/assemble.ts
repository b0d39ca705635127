import type { Handoff, HandoffType } from '@quarterdeck/contracts';
import type { ExecutionAgent, ExecutionStep } from '@quarterdeck/engine';
import { estimateTokens } from '../llm/usage';
import type { ChatMessage } from '../providers/chat-types';

export interface ContextSource {
  agent: Pick<ExecutionAgent, 'name' | 'role' | 'systemPrompt' | 'persona'>;
  step: Pick<ExecutionStep, 'id' | 'role' | 'instructions' | 'produces'>;
  productIdea: string;
  inputs: Handoff[];
  feedback: string | null;
  /** The JSON Schema to spell out in the prompt, when some provider in the chain cannot take it as response_format. */
  schemaInPrompt: Record<string, unknown> | null;
  /** The model's context window in tokens. */
  contextSize: number;
  /** Tokens kept free for the reply. */
  replyTokens: number;
}

export interface TrimmedPart {
  part: string;
  removedChars: number;
}

export interface Trimming {
  budgetTokens: number;
  estimatedTokensBefore: number;
  estimatedTokensAfter: number;
  parts: TrimmedPart[];
}

export interface AssembledContext {
  messages: ChatMessage[];
  /** Null when everything fit. */
  trimming: Trimming | null;
}

/** What a part of the prompt keeps at least, however tight the budget. */
const MIN_PART_CHARS = 200;
const TRIM_MARK = (removed: number) => `\n[… ${removed} characters trimmed to fit the model's context]`;

interface Part {
  name: string;
  text: string;
  /** Parts trimmed first are the bulky, least specific ones: the inputs, largest first. */
  trimmable: boolean;
}

/**
 * The messages for one step: the agent's role prompt and persona as the system message;
 * the idea, the step's instructions, the declared inputs and the previous attempt's feedback
 * as the user message. When the estimate exceeds the context size (minus the reply's share),
 * the largest inputs are cut first, then the idea and feedback; the instructions and the
 * output rules are never cut. What was cut is returned so the caller can record it.
 */
export function assembleContext(source: ContextSource): AssembledContext {
  const system = systemMessage(source);
  const parts: Part[] = [
    { name: 'product idea', text: `# Product idea\n${source.productIdea}`, trimmable: true },
    { name: 'instructions', text: `# Your step: ${source.step.id} (${source.step.role})\n${source.step.instructions}`, trimmable: false },
    ...source.inputs.map((input) => ({
      name: `input ${input.handoffType}`,
      text: `# Input: ${input.handoffType} (from ${input.sourceAgent})\n\`\`\`json\n${JSON.stringify(input.content, null, 2)}\n\`\`\``,
      trimmable: true,
    })),
  ];
  if (source.feedback !== null && source.feedback.trim() !== '') {
    parts.push({ name: 'feedback', text: `# Feedback on the previous attempt (address it)\n${source.feedback}`, trimmable: true });
  }
  parts.push({ name: 'output rules', text: `Reply with the ${source.step.produces} JSON object only.`, trimmable: false });

  const budgetTokens = Math.max(1, source.contextSize - source.replyTokens);
  const estimate = () => estimateTokens(system) + parts.reduce((sum, part) => sum + estimateTokens(part.text), 0) + 8;
  const before = estimate();
  const trimmed: TrimmedPart[] = [];
  if (before > budgetTokens) trimToBudget(parts, (before - budgetTokens) * 4, trimmed);

  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: parts.map((part) => part.text).join('\n\n') },
  ];
  return {
    messages,
    trimming: trimmed.length > 0 ? { budgetTokens, estimatedTokensBefore: before, estimatedTokensAfter: estimate(), parts: trimmed } : null,
  };
}

function trimToBudget(parts: Part[], excessChars: number, trimmed: TrimmedPart[]): void {
  let excess = excessChars;
  // Largest first: cutting a long input hurts less than cutting several short ones.
  const candidates = parts.filter((part) => part.trimmable).sort((a, b) => b.text.length - a.text.length);
  for (const part of candidates) {
    if (excess <= 0) break;
    const removable = part.text.length - MIN_PART_CHARS;
    if (removable <= 0) continue;
    const removed = Math.min(removable, excess + TRIM_MARK(excess).length);
    part.text = part.text.slice(0, part.text.length - removed) + TRIM_MARK(removed);
    trimmed.push({ part: part.name, removedChars: removed });
    excess -= removed - TRIM_MARK(removed).length;
  }
}

function systemMessage(source: ContextSource): string {
  const sections = [
    source.agent.systemPrompt?.trim() || `You are ${source.agent.name}, the ${source.agent.role} of a software delivery team.`,
  ];
  if (source.agent.persona?.trim()) sections.push(`Your persona:\n${source.agent.persona.trim()}`);
  sections.push(outputRules(source.step.produces, source.schemaInPrompt));
  return sections.join('\n\n');
}

function outputRules(type: HandoffType, schema: Record<string, unknown> | null): string {
  const rules = `Answer with a single JSON object, the "${type}" handoff: no prose before or after it, no code fences. Use exactly the field names of the schema.`;
  return schema === null ? rules : `${rules}\nIt must match this JSON Schema:\n${JSON.stringify(schema)}`;
}

/** One line per trimmed part, for the iteration log and the worker log. */
export function describeTrimming(trimming: Trimming): string[] {
  return [
    `[context] prompt ≈ ${trimming.estimatedTokensBefore} tokens over the ${trimming.budgetTokens}-token budget; trimmed to ≈ ${trimming.estimatedTokensAfter}`,
    ...trimming.parts.map((part) => `[context] trimmed ${part.part} by ${part.removedChars} characters`),
  ];
}
