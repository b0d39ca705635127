// Pool task (piscina): analyse the new log bytes of a batch of iterations on a worker thread.
// Input and output survive structured clone; the chunks arrive transferred, not copied.
import type { AnalyserState } from './analyser-state';
import { analyseChunk, type ChunkAnalysis, type ContentRuleSettings } from './analyse-log';

export interface AnalyseItem {
  /** The caller's handle for the result (the iteration id). */
  key: string;
  state: AnalyserState;
  chunk: Uint8Array;
  settings: ContentRuleSettings;
}

export interface AnalyseBatch {
  now: number;
  items: AnalyseItem[];
}

export interface AnalysedItem extends ChunkAnalysis {
  key: string;
}

export default function analyseBatch(batch: AnalyseBatch): AnalysedItem[] {
  return batch.items.map((item) => ({ key: item.key, ...analyseChunk(item.state, item.chunk, batch.now, item.settings) }));
}
