import { describe, expect, it } from 'vitest';
import { listProjectsInput } from './projects';
import { createProjectInput, updateProjectInput } from './projects';
import { issuesOf, pathsOf, PROJECT_ID } from './test-helpers';

describe('createProjectInput', () => {
  it('needs only the idea, and fills in the defaults', () => {
    const project = createProjectInput.parse({ productIdea: '  a habit tracker for nurses on night shift  ' });
    expect(project).toEqual({
      productIdea: 'a habit tracker for nurses on night shift',
      workflowTemplateId: 'software-delivery',
      startRun: true,
    });
  });

  it('rejects an unknown field, naming it', () => {
    expect(issuesOf(createProjectInput, { productIdea: 'x', product_idea: 'x' })).toEqual([
      { path: 'product_idea', message: 'is not a known field' },
    ]);
  });

  it('rejects a blank idea and a negative budget at their paths', () => {
    expect(pathsOf(createProjectInput, { productIdea: '   ', costBudgetUsd: -1 }).sort()).toEqual(['costBudgetUsd', 'productIdea']);
  });

  it('refuses a template id that could not be a file name', () => {
    expect(pathsOf(createProjectInput, { productIdea: 'x', workflowTemplateId: '../etc/passwd' })).toEqual(['workflowTemplateId']);
  });
});

describe('updateProjectInput', () => {
  it('lets a person pause a project but not declare it completed', () => {
    expect(updateProjectInput.parse({ projectId: PROJECT_ID, status: 'paused' }).status).toBe('paused');
    expect(pathsOf(updateProjectInput, { projectId: PROJECT_ID, status: 'completed' })).toEqual(['status']);
  });

  it('refuses an update that changes nothing', () => {
    expect(issuesOf(updateProjectInput, { projectId: PROJECT_ID })).toEqual([{ path: '', message: 'must change at least one field' }]);
  });

  it('accepts null to clear a budget', () => {
    expect(updateProjectInput.parse({ projectId: PROJECT_ID, tokenBudget: null }).tokenBudget).toBeNull();
  });

  it('names a malformed id', () => {
    expect(issuesOf(updateProjectInput, { projectId: 'p-1', name: 'x' })).toEqual([{ path: 'projectId', message: 'must be a UUID' }]);
  });
});

describe('pagination (shared by every list)', () => {
  it('defaults to the first 50', () => {
    expect(listProjectsInput.parse({})).toEqual({ limit: 50, offset: 0 });
  });

  it('accepts numbers written as query-string text', () => {
    expect(listProjectsInput.parse({ limit: '10', offset: '20', status: 'active' })).toEqual({ limit: 10, offset: 20, status: 'active' });
  });

  it('rejects pages that are too big, negative or not whole numbers', () => {
    expect(issuesOf(listProjectsInput, { limit: 500 })).toEqual([{ path: 'limit', message: 'must be at most 200' }]);
    expect(issuesOf(listProjectsInput, { offset: -1 })).toEqual([{ path: 'offset', message: 'must be at least 0' }]);
    expect(issuesOf(listProjectsInput, { limit: 'ten' })).toEqual([{ path: 'limit', message: 'must be a whole number' }]);
    expect(issuesOf(listProjectsInput, { limit: 2.5 })).toEqual([{ path: 'limit', message: 'must be a whole number' }]);
  });
});
