import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

// Keeps `pnpm start`'s child processes running: a child that dies after it came up is
// started again after a delay that doubles with each quick crash (0.5 s, 1 s, 2 s … 30 s),
// and resets once a run lasted a minute. A child that dies while coming up for the first
// time is a configuration problem (it has said what in one sentence): that stops everything.

export interface SupervisedChildOptions {
  name: string;
  command: string;
  args: string[];
  spawnOptions: SpawnOptions;
  /** One line on stderr for every crash and restart. */
  report(line: string): void;
  /** The first run failed before it was up: give up. */
  onStartupFailure(exitCode: number): void;
  /** Called with each new process (to listen to its messages). */
  onSpawn?(child: ChildProcess): void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A run this long counts as healthy: the next crash restarts after the first delay again. */
const STABLE_AFTER_MS = 60_000;
/** A first run that ends sooner than this never came up. */
const STARTUP_GRACE_MS = 5_000;

export class SupervisedChild {
  #child: ChildProcess | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #quickCrashes = 0;
  #restarts = 0;
  #stopping = false;

  constructor(private readonly options: SupervisedChildOptions) {}

  get process(): ChildProcess | null {
    return this.#child;
  }

  get restarts(): number {
    return this.#restarts;
  }

  start(): void {
    const startedAt = Date.now();
    const child = spawn(this.options.command, this.options.args, this.options.spawnOptions);
    this.#child = child;
    this.options.onSpawn?.(child);
    child.once('exit', (code, signal) => {
      if (this.#stopping) return;
      const ranMs = Date.now() - startedAt;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      if (this.#restarts === 0 && ranMs < STARTUP_GRACE_MS && signal === null) {
        this.options.onStartupFailure(code ?? 1);
        return;
      }
      this.#quickCrashes = ranMs >= STABLE_AFTER_MS ? 0 : this.#quickCrashes + 1;
      const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, this.#quickCrashes - 1));
      this.#restarts += 1;
      this.options.report(
        `The ${this.options.name} stopped (${how}) after ${(ranMs / 1_000).toFixed(1)} s; restarting it in ${(delayMs / 1_000).toFixed(1)} s (restart ${this.#restarts}).`,
      );
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = null;
        if (!this.#stopping) this.start();
      }, delayMs);
    });
  }

  /** SIGTERM, then SIGKILL if the process has not exited within `graceMs`; no restart afterwards. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
