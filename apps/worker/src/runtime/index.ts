import { configureSecretPolicy, redactor } from '@quarterdeck/contracts';
import type { AgentExecutor, ExecutionAgent } from '@quarterdeck/engine';
import type { WorkerServices } from '../jobs/job-module';
import { CliExecutor } from './cli/cli-executor';
import { LlmExecutor } from './llm-executor';
import { RateLimiters } from './llm/rate-limit';
import { redactingExecutor } from './redaction';
import type { RuntimeSettings } from './settings';

// The agent runtime: real executors behind the engine's AgentExecutor seam.
//   llm → LlmExecutor (OpenAI-compatible streaming providers, failover, retries, rate
//          limits, cache, usage; the `simulated` provider when none is configured)
//   cli → CliExecutor (a process group in a per-task workspace)

interface RuntimeState {
  settings: RuntimeSettings;
  limiters: RateLimiters;
}

// Rate limits are per worker process: one state per WorkerServices (one per process; a
// test's own services get their own).
const states = new WeakMap<WorkerServices, RuntimeState>();

/** The settings of one worker process (startWorkerProcess calls this once, before any execution). */
export function configureRuntime(services: WorkerServices, settings: RuntimeSettings): void {
  states.set(services, { settings, limiters: new RateLimiters() });
  // Process-wide: the same rule for reading agents' configs and the same secrets to hide.
  configureSecretPolicy({ envAllowlist: settings.secretEnvAllowlist, providerUrlAllowlist: settings.providerUrlAllowlist });
  redactor.register(...settings.secretEnvAllowlist.map((name) => settings.secret(name)), ...settings.knownSecrets);
}

function stateOf(services: WorkerServices): RuntimeState {
  const state = states.get(services);
  // No silent fallback: a runtime without a workspace root or a key lookup would fail later and less clearly.
  if (!state)
    throw new Error(
      `The agent runtime of worker ${services.workerId} was not configured: call configureRuntime(services, settings) first.`,
    );
  return state;
}

/** The executor for an agent: its runtime decides, its provider and config do the rest. */
export function selectExecutor(services: WorkerServices, agent: Pick<ExecutionAgent, 'runtime'>): AgentExecutor {
  const { settings, limiters } = stateOf(services);
  // Whatever an agent reports, fails with or produces is redacted before the engine stores it.
  if (agent.runtime === 'cli') return redactingExecutor(new CliExecutor({ logger: services.logger, settings }));
  return redactingExecutor(new LlmExecutor({ db: services.db, logger: services.logger, pool: services.pool, settings, limiters }));
}

export { CliExecutor } from './cli/cli-executor';
export { LlmExecutor } from './llm-executor';
export { usageTotals, type UsageScope, type UsageTotals } from './llm/usage';
export { probeProviders, probeProvider, type ProviderHealth } from './providers/health';
export { BUILT_IN_PROVIDERS, SIMULATED_PROVIDER } from './providers/endpoints';
export { simulatedContent } from './simulated/simulated-content';
export { secretLookup, DEFAULT_RUNTIME_SETTINGS, type RuntimeSettings } from './settings';
