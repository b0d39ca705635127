import { HandoffType, validateHandoffContent } from '@quarterdeck/contracts';
import { describe, expect, it } from 'vitest';
import { simulatedContent } from './simulated-content';

const brief = {
  productIdea: 'A booking tool for a climbing gym',
  projectName: 'Boulder',
  role: 'coder',
  stepId: 'code-backend',
  inputs: [],
};

describe('simulatedContent', () => {
  it.each(HandoffType.options)('gives schema-valid, labelled %s content', (type) => {
    const content = simulatedContent(type, brief);
    expect(validateHandoffContent(type, content)).toMatchObject({ ok: true });
    expect(JSON.stringify(content)).toMatch(/\[simulated\]|simulated/);
  });

  it('is deterministic for the same brief', () => {
    expect(simulatedContent('software_specification', brief)).toEqual(simulatedContent('software_specification', { ...brief }));
  });
});

describe('feedback from a previous attempt', () => {
  it('shows up in every reworked handoff, so a rework differs from the version it replaces', () => {
    const reason = 'Add an offline mode for night shifts';
    for (const type of HandoffType.options) {
      const first = JSON.stringify(simulatedContent(type, brief));
      const reworked = JSON.stringify(simulatedContent(type, { ...brief, feedback: reason }));
      if (type === 'idea_brief' || type === 'discussion_outcome') continue; // nothing a reviewer reworks
      expect(reworked, type).toContain(reason);
      expect(reworked, type).not.toBe(first);
    }
  });
});
