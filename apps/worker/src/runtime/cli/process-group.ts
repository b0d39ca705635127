import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface GroupSpawn {
  command: string;
  /** Positional parameters for the command line ($1 …). */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Starts a command line through /bin/sh as the leader of a new process group (detached), so
 * everything it starts can be signalled at once with kill(-pid).
 */
export function spawnGroup(options: GroupSpawn): ChildProcess {
  return spawn('/bin/sh', ['-c', options.command, 'quarterdeck-agent', ...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** True while any process of the group is alive (signal 0 only checks). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    // EPERM: it exists but belongs to someone else, so it is alive.
    if (isErrno(error, 'EPERM')) return true;
    throw error;
  }
}

/**
 * SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. Resolves
 * once no process of the group is left.
 */
export async function terminateGroup(pgid: number, graceMs: number): Promise<'exited' | 'killed'> {
  if (!signalGroup(pgid, 'SIGTERM')) return 'exited';
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return 'exited';
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  signalGroup(pgid, 'SIGKILL');
  while (groupAlive(pgid)) await new Promise((resolve) => setTimeout(resolve, 10));
  return 'killed';
}

/** Waits for the leader to exit; its exit code, or the signal that ended it. */
export async function leaderExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
