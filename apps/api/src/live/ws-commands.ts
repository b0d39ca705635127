import { AppError, type PlainWsCommandFrame } from '@quarterdeck/contracts';
import { assignTask, terminateSession, triggerQa } from '@quarterdeck/engine';
import type { ApiDeps, Caller } from '../context';
import { hasRole } from '../trpc';
import { toWire } from '../wire';

// Seed 003's client commands on the plain /ws socket. The only place /ws changes state: each
// command is the same domain call its tRPC procedure makes (tasks.assign, sessions.terminate,
// sessions.triggerQa), so the rules, events and jobs are the same whichever way it arrives.

/** Runs one command for `caller` (operator or admin) and returns what the reply carries. */
export async function runWsCommand(deps: ApiDeps, caller: Caller, command: PlainWsCommandFrame): Promise<unknown> {
  if (!hasRole(caller.role, 'operator')) {
    throw new AppError('FORBIDDEN', `${command.type} needs the operator role; your token has ${caller.role}.`);
  }
  const actor = { userId: caller.userId };
  switch (command.type) {
    case 'task:assign':
      return toWire(await assignTask(deps, { taskId: command.taskId, agentId: command.agentId }, actor));
    case 'session:terminate':
      return toWire(await terminateSession(deps, command.sessionId, actor, command.reason || `terminated by user ${caller.userId}`));
    case 'qa:trigger':
      return triggerQa(deps.db, command.iterationId);
  }
}
