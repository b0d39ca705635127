import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_ID, computeWaves, defaultTemplatesDir, loadTemplates } from './index';

const step = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('computeWaves', () => {
  it('lays software-delivery out as analyst, product manager, architect, the coders in parallel, then QA', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());
    const workflow = catalog.getWorkflow(DEFAULT_WORKFLOW_ID);
    if (!workflow) throw new Error('software-delivery is not shipped');

    expect(computeWaves(workflow)).toEqual([
      ['analyst'],
      ['product_manager'],
      ['architect'],
      ['coder-backend', 'coder-frontend', 'coder-tests'],
      ['qa'],
    ]);
  });

  it('places a step after its deepest dependency, not its first', () => {
    const steps = [step('a'), step('b', 'a'), step('c', 'a', 'b'), step('d')];
    expect(computeWaves({ steps })).toEqual([['a', 'd'], ['b'], ['c']]);
  });

  it('keeps declaration order within a wave, whatever order dependencies are declared in', () => {
    const steps = [step('join', 'right', 'left'), step('right', 'root'), step('left', 'root'), step('root')];
    expect(computeWaves({ steps })).toEqual([['root'], ['right', 'left'], ['join']]);
  });

  it('names the cycle it refuses to layer', () => {
    const steps = [step('a', 'c'), step('b', 'a'), step('c', 'b')];
    expect(() => computeWaves({ steps })).toThrow('dependency cycle: a → c → b → a');
  });

  it('refuses a dependency on a step that does not exist', () => {
    expect(() => computeWaves({ steps: [step('a', 'ghost')] })).toThrow('step "a" depends on unknown step "ghost"');
  });
});
