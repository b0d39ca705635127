import { describe, expect, it } from 'vitest';
import { resolveAgentConfig } from '../agent-config';
import { assignAgentInput, createAgentInput, updateAgentInput } from './agents';
import { AGENT_ID, issuesOf, pathsOf } from './test-helpers';

describe('createAgentInput', () => {
  it('makes a simulated llm agent from a name and a role', () => {
    expect(createAgentInput.parse({ name: 'Sam Tech', role: 'architect' })).toMatchObject({
      runtime: 'llm',
      provider: 'simulated',
      model: 'simulated',
      capabilities: [],
      config: {},
    });
  });

  it('keeps temperature between 0 and 2', () => {
    expect(issuesOf(createAgentInput, { name: 'a', role: 'coder', temperature: 2.5 })).toEqual([
      { path: 'temperature', message: 'must be between 0 and 2' },
    ]);
  });

  it('needs a command for a cli agent', () => {
    expect(issuesOf(createAgentInput, { name: 'a', role: 'coder', runtime: 'cli' })).toEqual([
      { path: 'command', message: 'a cli agent needs the command line to spawn' },
    ]);
  });

  it('names a bad entry deep in the failover chain and a misspelt threshold', () => {
    const config = {
      failover: [
        { provider: 'ollama', model: 'llama3' },
        { provider: 'openrouter', model: '' },
      ],
      watchdog: { noOutputMins: 5 },
    };
    expect(pathsOf(createAgentInput, { name: 'a', role: 'coder', config }).sort()).toEqual([
      'config.failover[1].model',
      'config.watchdog.noOutputMins',
    ]);
  });
});

describe('updateAgentInput', () => {
  it('clears nullable fields with null', () => {
    expect(updateAgentInput.parse({ agentId: AGENT_ID, temperature: null, systemPrompt: null })).toMatchObject({
      temperature: null,
      systemPrompt: null,
    });
  });

  it('refuses to make an agent cli while removing its command', () => {
    expect(pathsOf(updateAgentInput, { agentId: AGENT_ID, runtime: 'cli', command: null })).toEqual(['command']);
  });
});

describe('assignAgentInput', () => {
  it('takes a project id, or null to release the agent', () => {
    expect(assignAgentInput.parse({ agentId: AGENT_ID, projectId: null }).projectId).toBeNull();
    expect(pathsOf(assignAgentInput, { agentId: AGENT_ID })).toEqual(['projectId']);
  });
});

describe('resolveAgentConfig', () => {
  it('fills every default into an empty stored config', () => {
    expect(resolveAgentConfig({})).toEqual({
      failover: [],
      watchdog: { enabled: true, noToolCallMinutes: 5, noOutputMinutes: 10, repeatedErrorCount: 3, repetitionLoopCount: 5 },
      maxRetries: 2,
      requestTimeoutSeconds: 300,
      rateLimitPerMinute: null,
      cacheResponses: false,
    });
  });

  it('keeps what a person overrode and defaults the rest', () => {
    const resolved = resolveAgentConfig({ watchdog: { noOutputMinutes: 30 }, failover: [{ provider: 'ollama', model: 'qwen' }] });
    expect(resolved.watchdog).toMatchObject({ noOutputMinutes: 30, noToolCallMinutes: 5 });
    expect(resolved.failover).toEqual([{ provider: 'ollama', model: 'qwen' }]);
  });

  it('treats a null column as empty', () => {
    expect(resolveAgentConfig(null).maxRetries).toBe(2);
  });
});
