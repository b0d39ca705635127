import { HandoffType, validateHandoffContent } from '@quarterdeck/contracts';
import { describe, expect, it } from 'vitest';
import { simulatedContent } from './simulated-content';

const brief = { productIdea: 'A booking tool for a climbing gym', projectName: 'Boulder', role: 'coder', stepId: 'code-backend', inputs: [] };

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
