import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { handoffJsonSchema, isAllowedSecretEnv, validateHandoffContent } from '@quarterdeck/contracts';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { AgentExecutor, ExecutionInput, ExecutionIO, ExecutionOutcome, ProducedFile } from '@quarterdeck/engine';
import { readAgentRuntimeConfig, type AgentRuntimeConfig } from '../agent-settings';
import { assembleContext } from '../context/assemble';
import { extractReplyJson } from '../llm/reply-json';
import type { RuntimeSettings } from '../settings';
import { LineSplitter } from './line-splitter';
import { DEFAULT_TOOL_CALL_PATTERNS, OutputPump } from './output-pump';
import { groupAlive, leaderExit, spawnGroup, terminateGroup } from './process-group';
import { producedFiles, snapshotWorkspace } from './workspace-files';

export interface CliExecutorDeps {
  logger: Logger;
  settings: RuntimeSettings;
}

/** A process may write its handoff here instead of printing it. */
export const OUTPUT_FILE = '.quarterdeck/output.json';
const DEFAULT_GRACE_SECONDS = 10;
/** The last stdout kept in memory, to find a printed JSON handoff in. */
const STDOUT_TAIL_CHARS = 256_000;
/** What a process always gets of the worker's environment (no secrets: DATABASE_URL and keys stay out). */
const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR', 'USER', 'SHELL'];

/**
 * Runs a `cli` agent's command in the task's workspace folder with the prompt on stdin or as
 * an argument. Output streams line by line into the iteration log; files the process leaves
 * in the workspace come back as `files`. Aborting the execution terminates the whole
 * process group (SIGTERM, then SIGKILL after the grace period).
 */
export class CliExecutor implements AgentExecutor {
  constructor(private readonly deps: CliExecutorDeps) {}

  async execute(input: ExecutionInput, io: ExecutionIO): Promise<ExecutionOutcome> {
    let config: AgentRuntimeConfig;
    try {
      config = readAgentRuntimeConfig(input.agent.config);
    } catch (error) {
      if (error instanceof ZodError) return fail(io, `The agent is misconfigured: ${error.message}`, false);
      throw error;
    }
    const command = input.agent.command?.trim();
    if (!command) return fail(io, 'The CLI agent has no command configured.', false);

    const workspace = path.join(this.deps.settings.workspaceRoot, input.projectId, input.taskId);
    await mkdir(workspace, { recursive: true });
    const prompt = promptFor(input);
    await writeInputs(workspace, input, prompt);
    const before = await snapshotWorkspace(workspace);

    const promptVia = config.cli.promptVia ?? 'stdin';
    const commandLine =
      promptVia === 'argument' ? (command.includes('{prompt}') ? command.replaceAll('{prompt}', '"$1"') : `${command} "$1"`) : command;
    const child = spawnGroup({
      command: commandLine,
      args: promptVia === 'argument' ? [prompt] : [],
      cwd: workspace,
      env: childEnv(config, this.deps.settings, input, workspace),
    });
    const pgid = child.pid;
    if (pgid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      return fail(io, `The command could not be started: ${error.message}`, false);
    }

    const pump = new OutputPump(io, config.cli.toolCallPatterns ?? DEFAULT_TOOL_CALL_PATTERNS, this.deps.settings.tokenFlushMs);
    pump.note(`[cli] started pid ${pgid} in ${workspace}`);
    let stdoutTail = '';
    const stderrTail: string[] = [];
    const out = new LineSplitter();
    const err = new LineSplitter();
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = out.push(chunk);
      pump.stdout(lines);
      stdoutTail = (stdoutTail + lines.map((line) => `${line}\n`).join('')).slice(-STDOUT_TAIL_CHARS);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = err.push(chunk);
      pump.stderr(lines);
      stderrTail.push(...lines);
      stderrTail.splice(0, Math.max(0, stderrTail.length - 20));
    });
    // A process that does not read its stdin closes the pipe early: that is not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(promptVia === 'stdin' ? prompt : '');

    const graceMs = (config.cli.terminateGraceSeconds ?? DEFAULT_GRACE_SECONDS) * 1_000;
    // Set from the abort listener, so held in an object TypeScript does not narrow to null.
    const termination: { done: Promise<'exited' | 'killed'> | null } = { done: null };
    const onAbort = () => {
      pump.note(`[cli] terminating process group ${pgid} (SIGTERM, SIGKILL after ${graceMs / 1_000} s)`);
      termination.done = terminateGroup(pgid, graceMs);
    };
    if (input.signal.aborted) onAbort();
    else input.signal.addEventListener('abort', onAbort, { once: true });

    const exit = await leaderExit(child);
    input.signal.removeEventListener('abort', onAbort);
    // Leftovers of the group (a background job the command started) do not outlive the step.
    const ending = termination.done ?? (groupAlive(pgid) ? terminateGroup(pgid, graceMs) : Promise.resolve('exited' as const));
    await ending;
    pump.stdout(out.end());
    pump.stderr(err.end());

    if (termination.done !== null) {
      pump.note(`[cli] process group ${pgid} ended after terminate (${await termination.done})`);
      await pump.close();
      return { kind: 'failed', reason: 'The session was terminated; the process group was stopped.', retryable: false };
    }
    pump.note(`[cli] exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`);
    await pump.close();
    if (exit.code !== 0) {
      return fail(
        io,
        `The command exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}${stderrTail.length ? `: ${stderrTail.slice(-5).join(' | ')}` : ''}`,
        true,
      );
    }

    const { files, skipped } = await producedFiles(workspace, before);
    if (skipped.length > 0)
      await io.log([`[cli] not stored as code (binary, over 1 MB, or past 500 files): ${skipped.slice(0, 20).join(', ')}`]);
    const content = await handoffContent(input, workspace, stdoutTail, files);
    if (content === null) {
      return fail(
        io,
        `The command produced no ${input.step.produces} handoff: write it to ${OUTPUT_FILE} or print it as JSON${input.step.produces === 'code_change' ? ', or leave changed files in the workspace' : ''}.`,
        false,
      );
    }
    return { kind: 'completed', content, files, simulated: false };
  }
}

/** The handoff: the output file, else JSON printed last, else (for a code change) the files themselves. */
async function handoffContent(input: ExecutionInput, workspace: string, stdoutTail: string, files: ProducedFile[]): Promise<unknown> {
  const written = await readFile(path.join(workspace, OUTPUT_FILE), 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  });
  if (written !== null) {
    await rm(path.join(workspace, OUTPUT_FILE));
    const parsed = extractReplyJson(written);
    if (parsed.ok) return parsed.value;
  }
  const printed = extractReplyJson(stdoutTail.slice(stdoutTail.lastIndexOf('\n{') + 1));
  if (printed.ok && validateHandoffContent(input.step.produces, printed.value).ok) return printed.value;
  if (input.step.produces === 'code_change' && files.length > 0) {
    const lastLine = stdoutTail.trim().split('\n').at(-1)?.trim();
    return {
      summary: lastLine || `${files.length} files changed by ${input.agent.name}`,
      files: files.map((file) => ({ path: file.path, content: file.content })),
    };
  }
  return printed.ok ? printed.value : null;
}

function promptFor(input: ExecutionInput): string {
  const assembled = assembleContext({
    agent: input.agent,
    step: input.step,
    productIdea: input.productIdea,
    inputs: input.inputs,
    feedback: input.feedback,
    schemaInPrompt: handoffJsonSchema(input.step.produces),
    contextSize: input.agent.contextSize ?? 200_000,
    replyTokens: 0,
  });
  return assembled.messages.map((message) => message.content).join('\n\n');
}

/** The prompt and the inputs as files too: coding CLIs read files more readily than a long stdin. */
async function writeInputs(workspace: string, input: ExecutionInput, prompt: string): Promise<void> {
  const folder = path.join(workspace, '.quarterdeck');
  await mkdir(path.join(folder, 'inputs'), { recursive: true });
  await writeFile(path.join(folder, 'prompt.md'), prompt);
  for (const handoff of input.inputs) {
    await writeFile(path.join(folder, 'inputs', `${handoff.handoffType}.json`), JSON.stringify(handoff.content, null, 2));
  }
}

function childEnv(config: AgentRuntimeConfig, settings: RuntimeSettings, input: ExecutionInput, workspace: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // passEnv names were checked against the allowlist when the config was read; checked again
  // here because this is where values leave the worker.
  for (const name of [...BASE_ENV, ...(config.cli.passEnv ?? []).filter(isAllowedSecretEnv)]) {
    const value = settings.secret(name);
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    QUARTERDECK_WORKSPACE: workspace,
    QUARTERDECK_TASK_ID: input.taskId,
    QUARTERDECK_STEP: input.step.id,
    QUARTERDECK_PRODUCES: input.step.produces,
  };
}

async function fail(io: ExecutionIO, reason: string, retryable: boolean): Promise<ExecutionOutcome> {
  await io.error(reason);
  return { kind: 'failed', reason, retryable };
}
