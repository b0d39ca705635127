// LLM stream relay bench (PERFORMANCE.md, "LLM stream relay overhead"), one bounded run:
//  1. parsing throughput: the same OpenAI-compatible SSE parser on the piscina pool vs
//     inline on the main thread, with the main thread's event-loop delay while it runs;
//  2. added latency per token: a local fake provider (HTTP, SSE) → fetch → the parser →
//     a `ws` server → a `ws` client, in-process, p50 / p99 per token, against a baseline
//     that forwards the raw bytes unparsed, and with the product's 100 ms token batching.
// Run: npx tsx bench/llm-stream.ts
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { createCpuPool } from '../apps/worker/src/pool/cpu-pool';
import { inlineSliceParser, parseSseBody, poolSliceParser, type SliceParser } from '../apps/worker/src/runtime/stream/sse-stream';

const THROUGHPUT_TOKENS = 300_000;
const NETWORK_CHUNK_BYTES = 16_384;
const LATENCY_TOKENS = 2_000;
/** The first tokens of a run pay for JIT warm-up of each path; they are not what a long stream sees. */
const LATENCY_WARMUP_TOKENS = 200;
const TOKEN_INTERVAL_MS = 2;
const BATCH_MS = 100;

const encoder = new TextEncoder();
const event = (content: string) =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;

// ───────────── 1. throughput ─────────────

function syntheticStream(tokens: number): Uint8Array[] {
  const words = ['the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', ',', ' and', ' then', ' écrit', ' ✓'];
  const text = Array.from({ length: tokens }, (_, index) => event(words[index % words.length] ?? '')).join('') + 'data: [DONE]\n\n';
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += NETWORK_CHUNK_BYTES) chunks.push(bytes.slice(start, start + NETWORK_CHUNK_BYTES));
  return chunks;
}

async function* replay(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    // A copy per chunk, as a socket read hands over fresh buffers (and the pool may move them).
    yield chunk.slice();
    // Let the loop breathe between reads as a real socket would.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function throughput(name: string, parse: SliceParser, streams: number) {
  const chunks = syntheticStream(THROUGHPUT_TOKENS);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const utilisationBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: streams }, async () => {
      let deltas = 0;
      for await (const slice of parseSseBody(replay(chunks), parse)) deltas += slice.deltas;
      return deltas;
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const utilisation = performance.eventLoopUtilization(utilisationBefore).utilization;
  delay.disable();
  const tokens = counts.reduce((sum, count) => sum + count, 0);
  if (tokens !== THROUGHPUT_TOKENS * streams) throw new Error(`${name}: parsed ${tokens} tokens, expected ${THROUGHPUT_TOKENS * streams}`);
  // Main-thread busy time per million tokens: what the pool takes off the worker's event loop.
  const mainThreadMsPerMillion = (utilisation * seconds * 1_000 * 1_000_000) / tokens;
  return {
    name,
    streams,
    tokensPerSecond: Math.round(tokens / seconds),
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    mainThreadMsPerMillion,
    seconds,
  };
}

// ───────────── 2. latency ─────────────

/** A provider that writes one token per TOKEN_INTERVAL_MS, each carrying the time it was written. */
async function startFakeProvider(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const tick = () => {
      if (sent === LATENCY_TOKENS) {
        res.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
        return;
      }
      sent++;
      res.write(event(`⟨${performance.now().toFixed(3)}⟩`));
      setTimeout(tick, TOKEN_INTERVAL_MS);
    };
    tick();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

type Relay = (body: AsyncIterable<Uint8Array>, send: (text: string) => void) => Promise<void>;

const parsedRelay =
  (parse: SliceParser): Relay =>
  async (body, send) => {
    for await (const slice of parseSseBody(body, parse)) if (slice.text !== '') send(slice.text);
  };

/** Baseline: bytes forwarded as they arrive, no SSE parsing at all. */
const rawRelay: Relay = async (body, send) => {
  const decoder = new TextDecoder();
  for await (const chunk of body) send(decoder.decode(chunk, { stream: true }));
};

/** As the product relays: parsed on the pool, one message per 100 ms. */
const batchedRelay =
  (parse: SliceParser): Relay =>
  async (body, send) => {
    let pending = '';
    const timer = setInterval(() => {
      if (pending !== '') send(pending);
      pending = '';
    }, BATCH_MS);
    for await (const slice of parseSseBody(body, parse)) pending += slice.text;
    clearInterval(timer);
    if (pending !== '') send(pending);
  };

async function latency(name: string, relay: Relay, providerUrl: string) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const [serverSide] = await Promise.all([
    new Promise<WebSocket>((resolve) => wss.once('connection', resolve)),
    new Promise<void>((resolve) => client.once('open', () => resolve())),
  ]);
  const latencies: number[] = [];
  client.on('message', (data) => {
    const received = performance.now();
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
    for (const match of text.matchAll(/⟨(\d+\.\d+)⟩/g)) latencies.push(received - Number(match[1]));
  });
  const response = await fetch(providerUrl, { method: 'POST', body: '{}' });
  if (!response.body) throw new Error('no body');
  await relay(response.body, (text) => serverSide.send(JSON.stringify({ type: 'llm.tokens', text })));
  await new Promise((resolve) => setTimeout(resolve, 50));
  client.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  if (latencies.length !== LATENCY_TOKENS) throw new Error(`${name}: the subscriber saw ${latencies.length} of ${LATENCY_TOKENS} tokens`);
  latencies.splice(0, LATENCY_WARMUP_TOKENS);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? Number.NaN;
  return { name, p50: at(0.5), p99: at(0.99) };
}

// ───────────── run ─────────────

async function main() {
  const pool = createCpuPool();
  const onPool = poolSliceParser(pool);
  // Warm the pool's threads (tsx loader, module load) outside the measurement.
  await throughput('warm-up', onPool, 1).catch(() => undefined);

  console.log(
    `\n1. SSE parsing throughput (${THROUGHPUT_TOKENS.toLocaleString()} tokens per stream, ${NETWORK_CHUNK_BYTES / 1024} KiB network chunks)`,
  );
  const rows = [];
  for (const streams of [1, 4]) {
    rows.push(await throughput('inline (main thread)', inlineSliceParser, streams));
    rows.push(await throughput(`pool (${pool.options.maxThreads} threads)`, onPool, streams));
  }
  console.table(
    rows.map((row) => ({
      parser: row.name,
      streams: row.streams,
      'tokens/s': row.tokensPerSecond.toLocaleString(),
      'main-thread busy ms / M tokens': Math.round(row.mainThreadMsPerMillion),
      'event-loop delay p99 (ms)': row.loopDelayP99Ms.toFixed(1),
    })),
  );
  for (const streams of [1, 4]) {
    const inline = rows.find((row) => row.streams === streams && row.name.startsWith('inline'));
    const pooled = rows.find((row) => row.streams === streams && row.name.startsWith('pool'));
    if (inline && pooled)
      console.log(`   ${streams} stream(s): pool / inline throughput = ${(pooled.tokensPerSecond / inline.tokensPerSecond).toFixed(2)}×`);
  }

  console.log(
    `\n2. Latency per token, provider socket → parser → ws server → ws client (${LATENCY_TOKENS} tokens, one every ${TOKEN_INTERVAL_MS} ms, first ${LATENCY_WARMUP_TOKENS} not counted)`,
  );
  const provider = await startFakeProvider();
  const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1/chat/completions`;
  const results = [];
  results.push(await latency('baseline: raw bytes, no parsing', rawRelay, url));
  results.push(await latency('parsed inline', parsedRelay(inlineSliceParser), url));
  results.push(await latency('parsed on the pool', parsedRelay(onPool), url));
  results.push(await latency(`parsed on the pool, ${BATCH_MS} ms batches (as relayed)`, batchedRelay(onPool), url));
  const baseline = results[0];
  console.table(
    results.map((row) => ({
      path: row.name,
      'p50 (ms)': row.p50.toFixed(3),
      'p99 (ms)': row.p99.toFixed(3),
      'added p50 (ms)': baseline ? (row.p50 - baseline.p50).toFixed(3) : '',
      'added p99 (ms)': baseline ? (row.p99 - baseline.p99).toFixed(3) : '',
    })),
  );
  console.log(
    `   target: ≤ 1 ms per token p99 added by the relay (PERFORMANCE.md); the ${BATCH_MS} ms batching is a deliberate delay on top.`,
  );
  await new Promise<void>((resolve) => provider.close(() => resolve()));
  await pool.destroy();
}

const deadline = setTimeout(() => {
  console.error('llm-stream bench: over its 2-minute bound, stopping.');
  process.exit(1);
}, 120_000);
deadline.unref();
await main();
