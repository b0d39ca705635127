import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// The package's entry imports its `.wasm` as an ES module, which Node cannot load. We load
// the JS bindings alone, instantiate the `.wasm` ourselves with the bindings as its import
// object, and hand the instance back to the bindings. Done once per process.
let initialised: Promise<void> | undefined;

// A Rust panic inside the engine reports its message through this global before throwing.
let lastPanicMessage = '';
Object.assign(globalThis, {
  PRISMA_WASM_PANIC_REGISTRY: { set_message: (message: string) => (lastPanicMessage = message) },
});

function initialiseWasm(): Promise<void> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package's exports map hides the .wasm file; it sits beside the JS bindings.
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = bindingsPath.replace(/\.js$/, '.wasm');
    const { instance } = await wasmRuntime().instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': engineBindings,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
  })();
  return initialised;
}

// Node has a global WebAssembly, but without the DOM lib TypeScript does not declare it.
interface WasmRuntime {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: { __wbindgen_start: () => void } } }>;
}
const wasmRuntime = () => (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Runs `work` with Prisma's real schema engine (compiled to WASM) connected to
 * `connectionString` through the `pg` driver adapter: no native binary, no download.
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  schemaFiles: SchemaFile[],
  work: (engine: SchemaEngine) => Promise<T>,
  onLog: (line: string) => void = () => {},
): Promise<T> {
  await initialiseWasm();
  const pool = relabelCharColumnsOf(new pg.Pool({ connectionString, max: 2 }));
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(adaptForSchemaEngine(new PrismaPg(pool), pool));
  const engine: SchemaEngine = await engineBindings.SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    (line: string) => onLog(line),
    adapterFactory,
  );
  try {
    return await work(engine);
  } catch (error) {
    if (lastPanicMessage !== '') {
      const message = lastPanicMessage;
      lastPanicMessage = '';
      throw new Error(`The schema engine panicked: ${message}`, { cause: error });
    }
    throw error;
  } finally {
    engine.free();
    await pool.end();
  }
}

// Columns of pg_catalog's internal `"char"` type that the engine's schema describer reads
// as a Rust `char` (constraint kinds and foreign-key actions).
const CHAR_COLUMNS = new Set(['constraint_type', 'confdeltype', 'confupdtype']);

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * Two gaps between the pg driver adapter and the schema engine, closed here:
 * - the adapter has no mapping for `"char"`: we let it read such columns as text (below) and
 *   report the ones the describer expects as characters;
 * - the adapter runs a script by splitting it on every `;`, which breaks functions with
 *   `$$ … ; … $$` bodies: we send the script whole (Postgres runs multi-statement scripts).
 */
function adaptForSchemaEngine(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapter.executeScript = async (script) => {
      await pool.query(script);
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      const result = await queryRaw(query);
      result.columnNames.forEach((name, index) => {
        if (CHAR_COLUMNS.has(name) && result.columnTypes[index] === ColumnTypeEnum.Text) {
          result.columnTypes[index] = ColumnTypeEnum.Character;
        }
      });
      return result;
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

/**
 * The engine reads the live schema from pg_catalog, whose columns of the internal `"char"`
 * type (relkind, contype, …) the pg driver adapter refuses as an unsupported type. Their
 * values arrive as one-letter strings anyway, so we relabel those columns as text.
 */
function relabelCharColumnsOf(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const relabellingQuery = (...args: unknown[]): unknown => {
    const pending = query(...args);
    if (!(pending instanceof Promise)) return pending;
    return pending.then((result: unknown) => {
      relabelCharColumns(result);
      return result;
    });
  };
  return Object.assign(pool, { query: relabellingQuery });
}

function relabelCharColumns(result: unknown): void {
  if (typeof result !== 'object' || result === null || !('fields' in result)) return;
  const { fields } = result;
  if (!Array.isArray(fields)) return;
  for (const field of fields as Array<{ dataTypeID?: number }>) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
}
