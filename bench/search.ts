// `npx tsx bench/search.ts` (or `pnpm bench search`): full-text search at scale. Loads
// MESSAGES messages and ARTIFACTS artifacts of generated text (SQL generate_series over word
// lists, so the load takes a minute or two, not an hour), then times the real search
// functions (apps/api/src/routers/search) for common words, rare words, phrases and a
// prefix, a 20-result page and the page after it, and the whole search with facet counts;
// beside an ILIKE '%…%' scan of the same rows for the same words in the same run, with the
// ratio. Prints index and table sizes. Uses DATABASE_URL when set, otherwise an embedded
// Postgres in a temporary folder. MESSAGES, ARTIFACTS, RUNS and SCAN_RUNS override the defaults;
// KEEP_DATABASE=1 leaves the loaded database (with DATABASE_URL) for EXPLAIN, and
// BENCH_DATABASE_URL=<its url> times the queries again on it without loading.
import { createDb, type Db } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { prepareQuery, search, searchPage } from '../apps/api/src/routers/search/search';

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const ARTIFACTS = Number(process.env.ARTIFACTS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 40);
const SCAN_RUNS = Number(process.env.SCAN_RUNS ?? 3);
const PROJECTS = 100;
const CONVERSATIONS = 2_000;

// Vocabulary: ordinary words (common, because the generator favours the start of the list)
// then made-up syllable words (the long tail). Rare words are planted in a fixed share of rows.
const COMMON = (
  'the agent task shift nurse ward habit night team review build plan test data user sync offline login screen report ' +
  'schedule patient medication alert reminder chart streak goal sleep break water meal step handover rota note ' +
  'queue server client cache token session error retry deploy release feature story requirement design api schema ' +
  'table index query page button form field list view state event message thread vote decision variant reason'
).split(' ');
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'vo', 'ze', 'pa', 'dor', 'wen', 'tul', 'gri', 'fas', 'bek'];
const TAIL = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));
const WORDS = [...COMMON, ...TAIL];
/** Planted words: each in 1 row of RARE_EVERY. */
const RARE = ['zephyrine', 'quixotal', 'brindlewick', 'murmuration', 'halcyonic'];
const RARE_EVERY = 10_000;
/** Planted phrase: in 1 row of PHRASE_EVERY. */
const PHRASE = 'offline handover checklist';
const PHRASE_EVERY = 200;

function sqlArray(words: readonly string[]): string {
  return `ARRAY[${words.map((word) => `'${word}'`).join(',')}]::text[]`;
}

/**
 * A sentence of 12–30 words drawn from the vocabulary (table bench_words), favouring its start
 * (random()^3), for row `i`. The word numbers are drawn first, so the join to the words is an
 * index lookup rather than a volatile condition.
 */
function sentenceSql(i: string): string {
  return `(SELECT string_agg(bw.word, ' ' ORDER BY r.g)
           FROM (SELECT g, 1 + floor(power(random(), 3) * ${WORDS.length})::int AS n FROM generate_series(1, 12 + ((${i}) % 19)) g) r
           JOIN bench_words bw ON bw.n = r.n)`;
}

async function load(db: Db) {
  const started = performance.now();
  await db.$executeRawUnsafe('CREATE TABLE bench_words (n int PRIMARY KEY, word text NOT NULL)');
  await db.$executeRawUnsafe(`INSERT INTO bench_words SELECT n::int, word FROM unnest(${sqlArray(WORDS)}) WITH ORDINALITY AS u(word, n)`);
  await db.$executeRawUnsafe(`SELECT setseed(0.42)`);
  await db.$executeRawUnsafe(
    `INSERT INTO projects (id, name, product_idea, updated_at)
     SELECT gen_random_uuid(), 'Bench project ' || i, 'An idea about ' || ${sentenceSql('i')}, now()
     FROM generate_series(1, ${PROJECTS}) i`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO conversations (id, project_id, title, goal_description, updated_at)
     SELECT gen_random_uuid(), p.id, 'Discussion ' || i, 'Decide ' || i, now()
     FROM generate_series(1, ${CONVERSATIONS}) i
     JOIN LATERAL (SELECT id FROM projects ORDER BY id OFFSET (i % ${PROJECTS}) LIMIT 1) p ON true`,
  );
  // The GIN indexes are built after the load, as a bulk import would: much faster than row by row.
  await db.$executeRawUnsafe('DROP INDEX messages_search_vector_idx');
  await db.$executeRawUnsafe('DROP INDEX context_artifacts_search_vector_idx');
  const rare = (i: string) =>
    `CASE WHEN ${i} % ${RARE_EVERY} = 7 THEN ' ' || (${sqlArray(RARE)})[1 + (${i} / ${RARE_EVERY}) % ${RARE.length}] ELSE '' END`;
  const phrase = (i: string) => `CASE WHEN ${i} % ${PHRASE_EVERY} = 3 THEN ' ${PHRASE}' ELSE '' END`;
  const batch = 100_000;
  for (let from = 1; from <= MESSAGES; from += batch) {
    const to = Math.min(MESSAGES, from + batch - 1);
    await db.$executeRawUnsafe(
      `INSERT INTO messages (id, conversation_id, sender_type, sender_id, message_type, content, created_at)
       SELECT gen_random_uuid(), c.ids[1 + i % ${CONVERSATIONS}], 'agent'::"SenderType",
              (ARRAY['project_manager','technical_architect','creative_strategist','quality_assurance','resource_coordinator'])[1 + i % 5],
              'discussion'::"MessageType",
              ${sentenceSql('i')} || ${rare('i')} || ${phrase('i')},
              now() - make_interval(secs => ${MESSAGES} - i)
       FROM (SELECT array_agg(id ORDER BY id) AS ids FROM conversations) c,
            generate_series(${from}, ${to}) i`,
    );
  }
  const messagesLoaded = performance.now();
  for (let from = 1; from <= ARTIFACTS; from += batch) {
    const to = Math.min(ARTIFACTS, from + batch - 1);
    // Half specifications, half code changes (each with two files of generated "code").
    await db.$executeRawUnsafe(
      `INSERT INTO context_artifacts (id, project_id, logical_key, version, name, artifact_type, handoff_type, source_agent, content, content_hash, created_at)
       SELECT gen_random_uuid(), p.ids[1 + i % ${PROJECTS}], 'bench/' || i, 1,
              CASE WHEN i % 2 = 0 THEN 'Specification ' || i ELSE 'Code change ' || i END,
              (CASE WHEN i % 2 = 0 THEN 'spec' ELSE 'code' END)::"ArtifactType",
              CASE WHEN i % 2 = 0 THEN 'software_specification' ELSE 'code_change' END,
              CASE WHEN i % 2 = 0 THEN 'analyst' ELSE 'coder' END,
              CASE WHEN i % 2 = 0 THEN jsonb_build_object(
                'core_idea', ${sentenceSql('i')},
                'requirements', jsonb_build_array(${sentenceSql('i + 1')}, ${sentenceSql('i + 2')} || ${rare('i')}),
                'user_stories', jsonb_build_array(${sentenceSql('i + 3')} || ${phrase('i')}),
                'high_level_features', jsonb_build_array(${sentenceSql('i + 4')}))
              ELSE jsonb_build_object(
                'summary', ${sentenceSql('i')},
                'files', jsonb_build_array(
                  jsonb_build_object('path', 'src/module' || (i % 97) || '/file' || i || '.ts', 'language', 'typescript',
                    'content', 'export function f' || i || '() {\n  // ' || ${sentenceSql('i + 5')} || ${rare('i')} || '\n  return ' || i || ';\n}\n'),
                  jsonb_build_object('path', 'tests/module' || (i % 97) || '/file' || i || '.test.ts',
                    'content', 'test(''' || ${sentenceSql('i + 6')} || ''', () => {});\n')))
              END,
              md5(i::text), now() - make_interval(secs => ${ARTIFACTS} - i)
       FROM (SELECT array_agg(id ORDER BY id) AS ids FROM projects) p,
            generate_series(${from}, ${to}) i`,
    );
  }
  const artifactsLoaded = performance.now();
  await db.$executeRawUnsafe(`SET maintenance_work_mem = '512MB'`);
  await db.$executeRawUnsafe('CREATE INDEX messages_search_vector_idx ON messages USING GIN (search_vector)');
  await db.$executeRawUnsafe('CREATE INDEX context_artifacts_search_vector_idx ON context_artifacts USING GIN (search_vector)');
  await db.$executeRawUnsafe('VACUUM ANALYZE messages');
  await db.$executeRawUnsafe('VACUUM ANALYZE context_artifacts');
  await db.$executeRawUnsafe('VACUUM ANALYZE conversations');
  await db.$executeRawUnsafe('VACUUM ANALYZE projects');
  const indexed = performance.now();
  console.log(
    `Loaded ${MESSAGES.toLocaleString('en')} messages in ${((messagesLoaded - started) / 1000).toFixed(0)} s, ` +
      `${ARTIFACTS.toLocaleString('en')} artifacts in ${((artifactsLoaded - messagesLoaded) / 1000).toFixed(0)} s ` +
      `(triggers filling search_vector), GIN indexes built in ${((indexed - artifactsLoaded) / 1000).toFixed(0)} s.`,
  );
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

async function main() {
  const reuse = process.env.BENCH_DATABASE_URL;
  const postgres = reuse === undefined ? await startScratchPostgres(process.env.DATABASE_URL) : null;
  const database =
    postgres === null
      ? { url: reuse ?? '', drop: async () => {} }
      : await createMigratedDatabase(postgres.adminUrl, `quarterdeck_bench_search_${process.pid}`);
  const db = createDb(database.url);
  try {
    if (reuse === undefined) await load(db);

    const share = async (word: string) => {
      const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM messages WHERE search_vector @@ websearch_to_tsquery('english', $1)`,
        word,
      );
      return ((row?.n ?? 0) / MESSAGES) * 100;
    };
    const cases: Array<{ label: string; query: string; scan: string }> = [
      { label: 'common word', query: 'nurse', scan: 'nurse' },
      { label: 'common word', query: 'medication', scan: 'medication' },
      { label: 'less common', query: 'handover', scan: 'handover' },
      { label: 'two common words', query: 'night shift', scan: 'night shift' },
      { label: 'rare word', query: 'zephyrine', scan: 'zephyrine' },
      { label: 'rare word', query: 'murmuration', scan: 'murmuration' },
      { label: 'phrase', query: `"${PHRASE}"`, scan: PHRASE },
      { label: 'phrase + exclusion', query: `"${PHRASE}" -nurse`, scan: PHRASE },
      { label: 'prefix (last word)', query: 'ward medica', scan: 'medica' },
    ];

    console.log(
      `\nSearch over ${MESSAGES.toLocaleString('en')} messages + ${ARTIFACTS.toLocaleString('en')} artifacts, one 20-result page (messages and artifacts ranked together), ${RUNS} runs each; ILIKE scan ${SCAN_RUNS} runs:`,
    );
    console.log('| query | kind | % of messages | FTS page p50 | FTS page p99 | ILIKE scan of every row p50 | ratio (p50) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const pageInput = { kinds: ['message' as const, 'artifact' as const], limit: 20 };
    const ratios: number[] = [];
    const p99s: number[] = [];
    for (const testCase of cases) {
      // Warm: the first runs read the index pages from disk and open the pool's connections.
      for (let i = 0; i < 3; i++) await searchPage(db, await prepareQuery(db, testCase.query), pageInput);
      const fts = await time(RUNS, async () => searchPage(db, await prepareQuery(db, testCase.query), pageInput));
      // Without a text index: every row of the same two tables read and matched with ILIKE, as
      // finding the matches to rank takes (the row count keeps Postgres from stopping early).
      const like = `%${testCase.scan}%`;
      const scan = await time(SCAN_RUNS, () =>
        db.$queryRawUnsafe(
          `SELECT (SELECT count(*) FROM messages WHERE content ILIKE $1) + (SELECT count(*) FROM context_artifacts WHERE content::text ILIKE $1) AS n`,
          like,
        ),
      );
      const ratio = scan.p50 / fts.p50;
      ratios.push(ratio);
      p99s.push(fts.p99);
      console.log(
        `| \`${testCase.query}\` | ${testCase.label} | ${(await share(testCase.query)).toFixed(2)} % | ${ms(fts.p50)} ms | ${ms(fts.p99)} ms | ${ms(scan.p50)} ms | ${ratio.toFixed(0)}× |`,
      );
    }

    // The next page through the cursor, and the whole search (all six kinds, facet counts) as the dashboard asks for it.
    const first = await searchPage(db, await prepareQuery(db, 'nurse'), pageInput);
    const nextPage = await time(RUNS, async () =>
      searchPage(db, await prepareQuery(db, 'nurse'), { ...pageInput, cursor: first.nextCursor ?? undefined }),
    );
    const full = await time(RUNS, () => search(db, { q: 'nurse', limit: 20 }));
    const fullRare = await time(RUNS, () => search(db, { q: 'zephyrine', limit: 20 }));
    console.log(`\nSecond page via the cursor ('nurse'): p50 ${ms(nextPage.p50)} ms, p99 ${ms(nextPage.p99)} ms`);
    console.log(
      `Whole search with facets (6 kinds, counts per kind and project, capped at 1000): 'nurse' p50 ${ms(full.p50)} ms / p99 ${ms(full.p99)} ms; 'zephyrine' p50 ${ms(fullRare.p50)} ms / p99 ${ms(fullRare.p99)} ms`,
    );

    const sizes = await db.$queryRawUnsafe<Array<{ name: string; size: string }>>(
      `SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size FROM pg_class c
       WHERE c.relname IN ('messages', 'context_artifacts', 'messages_search_vector_idx', 'context_artifacts_search_vector_idx')
       ORDER BY c.relname`,
    );
    console.log(`\nSizes: ${sizes.map((row) => `${row.name} ${row.size}`).join(', ')}`);
    const worstP99 = Math.max(...p99s);
    const worstRatio = Math.min(...ratios);
    console.log(
      `\nTarget p99 < 50 ms: worst ${ms(worstP99)} ms (${worstP99 < 50 ? 'met' : 'NOT met'}); target ≥ 50× the scan: worst ${worstRatio.toFixed(0)}× (${worstRatio >= 50 ? 'met' : 'NOT met'}).`,
    );
  } finally {
    await db.$disconnect();
    if (process.env.KEEP_DATABASE === '1' || postgres === null) console.log(`Kept ${database.url}`);
    else {
      await database.drop();
      await postgres.stop();
    }
  }
}

await main();
