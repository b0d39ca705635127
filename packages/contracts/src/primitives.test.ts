import { describe, expect, it } from 'vitest';
import { queryEventsInput, subscribeEventsInput } from './inputs/events';
import { respondHitlInput } from './inputs/hitl';
import { createProjectInput, MAX_COST_BUDGET_USD, MAX_TOKEN_BUDGET } from './inputs/projects';
import { recordDecisionInput } from './inputs/decisions';
import { createAgentInput } from './inputs/agents';
import { issuesOf, pathsOf } from './inputs/test-helpers';

// Postgres cannot store a NUL character or an unpaired surrogate; every text input refuses
// both with a message naming the field, instead of failing as a 500 in the write.

const HIGH_SURROGATE = String.fromCharCode(0xd83d);
const LOW_SURROGATE = String.fromCharCode(0xde00);

describe('text inputs', () => {
  it('refuse a NUL character, naming the field', () => {
    expect(issuesOf(createProjectInput, { productIdea: 'an idea\u0000with a NUL' })).toEqual([
      { path: 'productIdea', message: 'must not contain a NUL character (\\u0000)' },
    ]);
  });

  it('refuse an unpaired surrogate at either end, but accept a real emoji', () => {
    for (const broken of [`idea ${HIGH_SURROGATE}`, `${LOW_SURROGATE} idea`, `a${HIGH_SURROGATE}b`]) {
      expect(issuesOf(createProjectInput, { productIdea: broken })).toEqual([
        { path: 'productIdea', message: 'must not contain an unpaired surrogate (text that is not valid Unicode)' },
      ]);
    }
    expect(createProjectInput.parse({ productIdea: `a tracker ${HIGH_SURROGATE}${LOW_SURROGATE}` }).productIdea).toBe('a tracker 😀');
  });

  it('apply to text inside nested objects, records and unions', () => {
    expect(
      pathsOf(recordDecisionInput, {
        problem: 'Which database?',
        variants: [{ id: 'pg', title: 'Postgres\u0000' }],
        votes: [{ voterName: 'Ann', variantId: 'pg', reason: `why ${LOW_SURROGATE}` }],
      }),
    ).toEqual(['variants[0].title', 'votes[0].reason']);
    expect(pathsOf(createProjectInput, { productIdea: 'x', variables: { audience: 'nurses\u0000' } })).toEqual(['variables.audience']);
    expect(
      pathsOf(respondHitlInput, { hitlRequestId: '7f3c1a52-4b8e-4d7a-9c21-0e6b5f4a3d10', action: 'amend', amendedContent: '\u0000' }),
    ).toEqual(['amendedContent']);
    expect(pathsOf(createAgentInput, { name: 'A', role: 'coder', model: 'm\u0000' })).toEqual(['model']);
  });
});

describe('numbers fit their columns', () => {
  it('a token budget is an int4', () => {
    expect(createProjectInput.parse({ productIdea: 'x', tokenBudget: MAX_TOKEN_BUDGET }).tokenBudget).toBe(2_147_483_647);
    expect(issuesOf(createProjectInput, { productIdea: 'x', tokenBudget: MAX_TOKEN_BUDGET + 1 })).toEqual([
      { path: 'tokenBudget', message: 'must be at most 2147483647' },
    ]);
  });

  it('a cost budget fits numeric(12,4), even where rounding to 4 places would carry over', () => {
    expect(createProjectInput.parse({ productIdea: 'x', costBudgetUsd: MAX_COST_BUDGET_USD }).costBudgetUsd).toBe(99_999_999);
    expect(pathsOf(createProjectInput, { productIdea: 'x', costBudgetUsd: 99_999_999.99999 })).toEqual(['costBudgetUsd']);
    expect(pathsOf(createProjectInput, { productIdea: 'x', costBudgetUsd: 1e8 })).toEqual(['costBudgetUsd']);
  });

  it('an event cursor is an int8', () => {
    expect(queryEventsInput.parse({ since: '9223372036854775807' }).since).toEqual({ kind: 'afterId', id: 9_223_372_036_854_775_807n });
    expect(pathsOf(queryEventsInput, { since: '9223372036854775808' })).toEqual(['since']);
    expect(pathsOf(queryEventsInput, { since: '99999999999999999999' })).toEqual(['since']);
    expect(pathsOf(subscribeEventsInput, { lastEventId: '9223372036854775808' })).toEqual(['lastEventId']);
  });
});
