/** How live delivery behaves; env.ts reads these from QUARTERDECK_* variables (README table). */
export interface LiveOptions {
  /**
   * A subscriber whose socket holds more unsent bytes than this is disconnected with its
   * resume cursor (it reconnects and reads the rest from the log), so a client that stops
   * reading cannot grow the API's memory.
   */
  maxBufferedBytes: number;
  /** llm.tokens events are merged per stream over this many ms (0: each sent at once). */
  tokenCoalesceMs: number;
  /** WebSocket ping interval; a socket that has not answered the previous ping is closed. */
  heartbeatMs: number;
  /** Browser origins besides the API's own that may open a WebSocket. */
  allowedOrigins: readonly string[];
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  maxBufferedBytes: 1_048_576,
  tokenCoalesceMs: 40,
  heartbeatMs: 30_000,
  allowedOrigins: [],
};
