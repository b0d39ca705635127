import type { Db } from '@quarterdeck/db';

export interface AnalyserStateSave {
  iterationId: string;
  /** The log byte offset analysed up to, and the analyser's state there (JSON). */
  offset: number;
  state: unknown;
  /** The offset the caller read from: a concurrent or repeated pass that read the same bytes loses. */
  previousOffset: number;
}

/**
 * The watchdog's incremental analyser state per iteration, all in one statement. The
 * analysed_bytes guard makes a concurrent or repeated tick that read the same bytes lose
 * instead of double-counting them.
 */
export async function saveAnalyserStates(db: Db, saves: readonly AnalyserStateSave[]): Promise<void> {
  if (saves.length === 0) return;
  await db.$executeRaw`
    UPDATE iterations i SET analysed_bytes = s.bytes, watchdog_state = s.state
    FROM unnest(${saves.map((save) => save.iterationId)}::uuid[], ${saves.map((save) => save.offset)}::int[],
                ${saves.map((save) => JSON.stringify(save.state))}::jsonb[], ${saves.map((save) => save.previousOffset)}::int[])
      AS s(id, bytes, state, previous)
    WHERE i.id = s.id AND i.analysed_bytes = s.previous`;
}
