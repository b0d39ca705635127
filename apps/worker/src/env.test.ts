import path from 'node:path';
import { StartupError } from '@quarterdeck/db';
import { describe, expect, it } from 'vitest';
import { readWorkerSettings } from './env';

describe('the worker settings from the environment', () => {
  it('give every setting its documented default', () => {
    const settings = readWorkerSettings({ QUARTERDECK_DATA_DIR: '/srv/qd', PATH: '/opt/bin:/usr/bin' });
    expect(settings.engine).toEqual({
      tickIntervalSeconds: 60,
      hitlTimeoutMs: 24 * 60 * 60 * 1_000,
      hitlTimeoutAction: 'escalate',
      workerDeadAfterMs: 6_000,
      sessionPollMs: 500,
      orphanAfterMs: 120_000,
    });
    expect(settings.runtime).toMatchObject({ workspaceRoot: path.resolve('/srv/qd/workspaces'), simulatedTokensPerSecond: 2_000 });
    expect(settings.watchdog).toEqual({
      tickIntervalMs: null,
      heartbeatTimeoutMs: 120_000,
      policy: { onStuck: 'retry', retryDelayMs: 0 },
      qaCron: '*/15 * * * *',
      verificationTimeoutMs: 300_000,
      verificationPath: '/opt/bin:/usr/bin',
    });
  });

  it('read what is set, with 0 meaning "never" for the HITL timeout and "crontab only" for the watchdog interval', () => {
    const env = {
      QUARTERDECK_WORKSPACES_DIR: '/tmp/ws',
      QUARTERDECK_HITL_TIMEOUT_MS: '0',
      QUARTERDECK_HITL_TIMEOUT_ACTION: 'fail',
      QUARTERDECK_ORCHESTRATOR_TICK_SECONDS: '300',
      QUARTERDECK_WORKER_DEAD_AFTER_MS: '9000',
      QUARTERDECK_WATCHDOG_INTERVAL_MS: '0',
      QUARTERDECK_WATCHDOG_ON_STUCK: 'escalate',
      OPENAI_API_KEY: 'sk-from-env',
    };
    const settings = readWorkerSettings(env);
    expect(settings.engine).toMatchObject({
      hitlTimeoutMs: null,
      hitlTimeoutAction: 'fail',
      tickIntervalSeconds: 300,
      workerDeadAfterMs: 9_000,
    });
    expect(settings.runtime.workspaceRoot).toBe('/tmp/ws');
    expect(settings.watchdog).toMatchObject({ tickIntervalMs: null, policy: { onStuck: 'escalate' } });
    // Keys are looked up by name in the environment handed in, when a call needs them.
    expect(settings.runtime.secret('OPENAI_API_KEY')).toBe('sk-from-env');
  });

  it('refuse a bad value with one sentence that names the variable', () => {
    expect(() => readWorkerSettings({ QUARTERDECK_WATCHDOG_ON_STUCK: 'ignore' })).toThrow(StartupError);
    expect(() => readWorkerSettings({ QUARTERDECK_HITL_TIMEOUT_MS: 'soon' })).toThrow(
      /^The environment variable QUARTERDECK_HITL_TIMEOUT_MS /,
    );
    expect(() => readWorkerSettings({ QUARTERDECK_QA_CRON: 'hourly' })).toThrow(
      /QUARTERDECK_QA_CRON must be a five-field crontab schedule/,
    );
  });
});

describe('the secret settings', () => {
  it('allow the well-known provider key variables and every provider URL by default', () => {
    const runtime = readWorkerSettings({ QUARTERDECK_DATA_DIR: '/srv/qd' }).runtime;
    expect(runtime.secretEnvAllowlist).toContain('OPENAI_API_KEY');
    expect(runtime.secretEnvAllowlist).not.toContain('DATABASE_URL');
    expect(runtime.providerUrlAllowlist).toBeNull();
  });

  it('read both allowlists, and register the database password as a secret', () => {
    const runtime = readWorkerSettings({
      QUARTERDECK_SECRET_ENV_ALLOWLIST: 'MY_KEY, OTHER_KEY',
      QUARTERDECK_PROVIDER_URL_ALLOWLIST: 'http://localhost:11434/v1,https://openrouter.ai/api',
      DATABASE_URL: 'postgresql://qd:a-real-password@db:5432/qd',
    }).runtime;
    expect(runtime.secretEnvAllowlist).toEqual(['MY_KEY', 'OTHER_KEY']);
    expect(runtime.providerUrlAllowlist).toEqual(['http://localhost:11434/v1', 'https://openrouter.ai/api']);
    expect(runtime.knownSecrets).toEqual(['a-real-password']);
  });

  it('stop start-up on a malformed list, naming the variable', () => {
    expect(() => readWorkerSettings({ QUARTERDECK_SECRET_ENV_ALLOWLIST: 'lower-case' })).toThrow(/QUARTERDECK_SECRET_ENV_ALLOWLIST/);
    expect(() => readWorkerSettings({ QUARTERDECK_PROVIDER_URL_ALLOWLIST: 'ftp://x' })).toThrow(/QUARTERDECK_PROVIDER_URL_ALLOWLIST/);
  });
});
