import { describe, expect, it } from 'vitest';
import { createTaskInput, listTasksInput, updateTaskInput } from './tasks';
import { AGENT_ID, issuesOf, pathsOf, PROJECT_ID, TASK_ID } from './test-helpers';

const newTask = { projectId: PROJECT_ID, title: 'Write the API', instructions: 'Implement the REST layer', role: 'coder' };

describe('createTaskInput', () => {
  it('defaults priority, dependencies and review', () => {
    expect(createTaskInput.parse(newTask)).toMatchObject({ priority: 'medium', dependsOn: [], requiresReview: false });
  });

  it('names the misspelt field (the seeds called instructions "description")', () => {
    expect(issuesOf(createTaskInput, { ...newTask, description: 'x' })).toEqual([{ path: 'description', message: 'is not a known field' }]);
  });

  it('names the bad entry of dependsOn and refuses duplicates', () => {
    expect(pathsOf(createTaskInput, { ...newTask, dependsOn: [TASK_ID, 'nope'] })).toEqual(['dependsOn[1]']);
    expect(issuesOf(createTaskInput, { ...newTask, dependsOn: [TASK_ID, TASK_ID] })).toEqual([
      { path: 'dependsOn', message: 'must not list the same id twice' },
    ]);
  });

  it('rejects a priority outside the Prisma enum', () => {
    expect(pathsOf(createTaskInput, { ...newTask, priority: 'urgent' })).toEqual(['priority']);
  });
});

describe('updateTaskInput', () => {
  it('edits fields but never the status or the agent (those are named actions)', () => {
    expect(updateTaskInput.parse({ taskId: TASK_ID, verificationStatus: 'passed' })).toMatchObject({ verificationStatus: 'passed' });
    expect(issuesOf(updateTaskInput, { taskId: TASK_ID, status: 'completed' })[0]).toEqual({
      path: 'status',
      message: 'is not a known field',
    });
    expect(issuesOf(updateTaskInput, { taskId: TASK_ID, assignedAgentId: AGENT_ID })[0]).toEqual({
      path: 'assignedAgentId',
      message: 'is not a known field',
    });
  });

  it('refuses a snake_case field from the seeds, and says nothing else would change', () => {
    expect(issuesOf(updateTaskInput, { taskId: TASK_ID, assigned_agent_id: AGENT_ID })).toEqual([
      { path: 'assigned_agent_id', message: 'is not a known field' },
      { path: '', message: 'must change at least one field' },
    ]);
  });
});

describe('listTasksInput', () => {
  it('filters by status, priority, wave, lane and agent', () => {
    expect(
      listTasksInput.parse({ status: 'ready', priority: 'high', waveNumber: '2', lane: 'backend', assignedAgentId: AGENT_ID }),
    ).toEqual({ status: 'ready', priority: 'high', waveNumber: 2, lane: 'backend', assignedAgentId: AGENT_ID, limit: 50, offset: 0 });
  });

  it('rejects an unknown status, naming the path', () => {
    expect(pathsOf(listTasksInput, { status: 'done' })).toEqual(['status']);
  });
});
