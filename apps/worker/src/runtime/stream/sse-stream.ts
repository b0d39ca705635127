import { asError } from '../as-error';
import { runOnPool, type CpuPool } from '../../pool/cpu-pool';
import { parseSseSlice, type SseSlice, type SseSliceInput } from './sse-parse';

/** Parses one slice; `transfer` says the input's buffer may be moved to another thread. */
export type SliceParser = (input: SseSliceInput) => Promise<SseSlice>;

const SSE_TASK = new URL('./sse-task.ts', import.meta.url);

export function poolSliceParser(pool: CpuPool, signal?: AbortSignal): SliceParser {
  return (input) =>
    runOnPool<SseSliceInput, SseSlice>(pool, SSE_TASK, input, {
      // The buffer is always one we allocated (see joinChunks), so moving it detaches nothing else.
      transferList: [input.bytes.buffer as ArrayBuffer],
      ...(signal ? { signal } : {}),
    });
}

/** The same parser on the calling thread (the bench's baseline). */
export const inlineSliceParser: SliceParser = (input) => Promise.resolve(parseSseSlice(input));

/**
 * Reads a response body and yields parsed slices in order. While one slice is being parsed
 * the next network chunks pile up and go out together as the following slice, so a fast
 * stream costs few pool round trips and a slow one is parsed chunk by chunk with no delay.
 * Throws whatever the body read threw (a dropped connection) after yielding what arrived.
 */
export async function* parseSseBody(body: AsyncIterable<Uint8Array>, parse: SliceParser): AsyncGenerator<SseSlice> {
  const pending: Uint8Array[] = [];
  let ended = false;
  let readError: unknown = null;
  // Resolves the parse loop's wait for more chunks; a no-op while it is busy parsing.
  let wake: () => void = () => undefined;
  const iterator = body[Symbol.asyncIterator]();
  const pump = (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        pending.push(next.value);
        wake();
      }
    } catch (error) {
      readError = error;
    } finally {
      ended = true;
      wake();
    }
  })();

  let tail: Uint8Array = new Uint8Array(0);
  try {
    for (;;) {
      if (pending.length === 0 && !ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = () => undefined;
      }
      if (pending.length === 0) break;
      const slice = await parse({ bytes: joinChunks([tail, ...pending.splice(0)]), final: false });
      tail = slice.tail;
      yield slice;
    }
    if (tail.length > 0 && readError === null) {
      yield await parse({ bytes: joinChunks([tail]), final: true });
    }
  } finally {
    // A consumer that stops early (it aborts the request too) must not wait for the body.
    // Its own read error, if any, is reported by the pump.
    if (!ended) void iterator.return?.().catch(() => undefined);
  }
  await pump;
  if (readError !== null) throw asError(readError);
}

/** One freshly allocated buffer holding all chunks (safe to transfer: nobody else holds it). */
function joinChunks(chunks: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
