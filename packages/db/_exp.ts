import pg from 'pg';
import { startScratchPostgres } from './src/testing/scratch-postgres';
const pgs = await startScratchPostgres(undefined);
const url = pgs.adminUrl;
const setup = new pg.Client(url); await setup.connect();
await setup.query(`CREATE TABLE plain (id bigserial primary key, v text)`);
console.log((await setup.query(`SHOW fsync`)).rows, (await setup.query(`SHOW synchronous_commit`)).rows);
async function run(conns: number, sql: string, ms = 2000) {
  const clients = await Promise.all(Array.from({ length: conns }, async () => { const c = new pg.Client(url); await c.connect(); return c; }));
  let n = 0; const end = Date.now() + ms;
  await Promise.all(clients.map(async (c) => { while (Date.now() < end) { await c.query(sql); n++; } }));
  await Promise.all(clients.map((c) => c.end()));
  return Math.round(n / (ms / 1000));
}
for (const [name, sql] of [['plain', `INSERT INTO plain (v) VALUES ('x')`], ['notify', `WITH i AS (INSERT INTO plain (v) VALUES ('x') RETURNING id) SELECT pg_notify('ch', '') FROM i`]] as const) {
  const r = [];
  for (const c of [1, 2, 4]) r.push(await run(c, sql));
  console.log(name, r);
}
await setup.end(); await pgs.stop();
