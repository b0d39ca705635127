import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface WorkspaceFile {
  path: string;
  content: string;
}

export interface VerificationResult {
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines of stdout and stderr together, for the finding. */
  outputTail: string[];
}

export interface VerificationSettings {
  /** The command is killed after this long. */
  timeoutMs: number;
  /** Its PATH: the only variable of the worker's environment it gets. */
  path: string;
}

const TAIL_LINES = 20;

/**
 * Writes the artifact's files into a fresh temporary folder and runs the step's verification
 * command there (`sh -c`), killing it after `settings.timeoutMs`. The folder is removed afterwards.
 * Paths were checked by the handoff schema (relative, no `..`), and are checked again here
 * because file artifacts bypass that schema.
 */
export async function runVerification(
  command: string,
  files: WorkspaceFile[],
  settings: VerificationSettings,
): Promise<VerificationResult> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'quarterdeck-qa-'));
  try {
    for (const file of files) {
      const target = path.resolve(folder, file.path);
      if (!target.startsWith(folder + path.sep)) throw new Error(`The file path ${file.path} leaves the workspace.`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    return await runCommand(command, folder, settings);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function runCommand(command: string, cwd: string, { timeoutMs, path: searchPath }: VerificationSettings): Promise<VerificationResult> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout kills what the command started too.
    const child = spawn('sh', ['-c', command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: searchPath, HOME: cwd },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const outputTail = output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(-TAIL_LINES);
      resolve({ passed: !timedOut && exitCode === 0, exitCode, timedOut, outputTail });
    });
  });
}
