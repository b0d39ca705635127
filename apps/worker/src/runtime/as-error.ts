/** An Error for anything thrown or given as an abort reason (they may be any value). */
export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
