// Pool task: one slice of an SSE stream, parsed on a piscina thread so the worker's event
// loop only moves bytes. The input buffer arrives transferred (not copied).
import { parseSseSlice, type SseSlice, type SseSliceInput } from './sse-parse';

export default function parseSseTask(input: SseSliceInput): SseSlice {
  return parseSseSlice(input);
}
