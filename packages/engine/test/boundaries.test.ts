import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The engine is the only code that changes run, wave, task, agent, session, iteration, HITL
// request, artifact and conversation state, and the only code that queues a job. This reads
// every production source file of the workspace and names any other file that does.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENGINE = 'packages/engine/src/';

const OWNED_MODELS = [
  'task',
  'taskDependency',
  'workflowRun',
  'wave',
  'agent',
  'agentStatusHistory',
  'agentSession',
  'iteration',
  'hitlRequest',
  'contextArtifact',
  'artifactLineage',
  'conversation',
  'message',
  'decision',
  'decisionVote',
];
const OWNED_TABLES = [
  'tasks',
  'task_dependencies',
  'workflow_runs',
  'waves',
  'agents',
  'agent_status_history',
  'agent_sessions',
  'iterations',
  'hitl_requests',
  'context_artifacts',
  'artifact_lineage',
  'conversations',
  'messages',
  'decisions',
  'decision_votes',
];
const WRITE_VERBS = 'create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany';
const prismaWrite = new RegExp(`\\.(${OWNED_MODELS.join('|')})\\.(${WRITE_VERBS})\\(`);
const sqlWrite = new RegExp(`(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+(${OWNED_TABLES.join('|')})\\b`, 'i');
const enqueueSql = /graphile_worker\.add_job/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'generated', 'test', 'e2e', 'testing', 'dist'].includes(entry.name) ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const productionFiles = ['apps/api/src', 'apps/worker/src', 'apps/web/src', 'packages/contracts/src', 'packages/db/src', 'scripts'].flatMap(
  (dir) => sourceFiles(dir),
);
const outsideEngine = productionFiles.filter((file) => !file.startsWith(ENGINE));

describe('one owner for every state change', () => {
  it('reads the whole workspace (the scan itself works)', () => {
    expect(outsideEngine.length).toBeGreaterThan(100);
    expect(sourceFiles(ENGINE).some((file) => prismaWrite.test(readFileSync(path.join(root, file), 'utf8')))).toBe(true);
  });

  it('no file outside packages/engine writes task, run, agent, session, HITL, artifact or conversation rows', () => {
    const writers = outsideEngine.filter((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return prismaWrite.test(text) || sqlWrite.test(text);
    });
    expect(writers).toEqual([]);
  });

  it('no file outside packages/engine queues a job by SQL (the engine has the one enqueue)', () => {
    const queuers = outsideEngine.filter(
      (file) => !file.startsWith('packages/db/src/') && enqueueSql.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(queuers).toEqual([]);
  });
});
