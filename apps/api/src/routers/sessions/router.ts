import { listSessionsInput, recordQaResultInput, sessionIdInput, terminateSessionInput, triggerQaInput } from '@quarterdeck/contracts';
import { recordManualQaResult, terminateSession, triggerQa } from '@quarterdeck/engine';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { getSession, listSessions, sessionLog } from './list-sessions';

export const sessionsRouter = router({
  list: viewerProcedure.input(listSessionsInput).query(async ({ ctx, input }) => toWire(await listSessions(ctx.db, input))),
  get: viewerProcedure.input(sessionIdInput).query(async ({ ctx, input }) => toWire(await getSession(ctx.db, input.sessionId))),
  log: viewerProcedure.input(sessionIdInput).query(async ({ ctx, input }) => toWire(await sessionLog(ctx.db, input.sessionId))),
  /** Stops a running session; the attempt fails and the task's failure policy decides what happens next. */
  terminate: operatorProcedure
    .input(terminateSessionInput)
    .mutation(async ({ ctx, input }) =>
      toWire(
        await terminateSession(
          ctx,
          input.sessionId,
          { userId: ctx.caller.userId },
          input.reason || `terminated by user ${ctx.caller.userId}`,
        ),
      ),
    ),
  recordQaResult: operatorProcedure
    .input(recordQaResultInput)
    .mutation(async ({ ctx, input }) => toWire(await recordManualQaResult(ctx, input))),
  triggerQa: operatorProcedure.input(triggerQaInput).mutation(({ ctx, input }) => triggerQa(ctx.db, input.iterationId)),
});
