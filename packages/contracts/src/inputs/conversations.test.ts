import { describe, expect, it } from 'vitest';
import { createConversationInput, postMessageInput } from './conversations';
import { recordDecisionInput } from './decisions';
import { issuesOf, pathsOf } from './test-helpers';

const conversationId = '5d2e8f10-9a3b-4c6d-8e7f-1a2b3c4d5e6f';

describe('createConversationInput', () => {
  it('needs a goal; participants are persona ids without repeats', () => {
    expect(pathsOf(createConversationInput, {})).toEqual(['goalDescription']);
    expect(
      issuesOf(createConversationInput, { goalDescription: 'Pick a database', participants: ['project_manager', 'project_manager'] }),
    ).toEqual([{ path: 'participants', message: 'must not list the same entry twice' }]);
  });
});

describe('postMessageInput', () => {
  it('posts a discussion message by default', () => {
    expect(postMessageInput.parse({ conversationId, content: 'What about SQLite?' }).messageType).toBe('discussion');
  });

  it('does not let a person post a vote or a consensus on the panel’s behalf', () => {
    expect(pathsOf(postMessageInput, { conversationId, content: 'yes', messageType: 'vote' })).toEqual(['messageType']);
  });
});

describe('recordDecisionInput', () => {
  const variants = [
    { id: 'pg', title: 'PostgreSQL' },
    { id: 'sqlite', title: 'SQLite' },
  ];

  it('accepts votes for listed variants', () => {
    const decision = recordDecisionInput.parse({
      problem: 'Which database?',
      variants,
      chosenVariantId: 'pg',
      votes: [{ voterName: 'Sam Tech', variantId: 'pg', reason: 'concurrency' }],
    });
    expect(decision.votes).toHaveLength(1);
  });

  it('names the vote and the chosen variant that point at no variant, and a double vote', () => {
    const issues = issuesOf(recordDecisionInput, {
      problem: 'Which database?',
      variants,
      chosenVariantId: 'mysql',
      votes: [
        { voterName: 'Sam Tech', variantId: 'mongo', reason: 'x' },
        { voterName: 'Sam Tech', variantId: 'pg', reason: 'y' },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['chosenVariantId', 'votes[0].variantId', 'votes[1].voterName']);
  });
});
