import {
  createAgentInput,
  createApiTokenInput,
  createProjectInput,
  createTaskInput,
  listTasksInput,
  MAX_EVENT_ID,
  updateAgentInput,
  updateProjectInput,
} from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

// Every numeric bound an input schema accepts fits the column the value is stored in, read
// from a migrated database's information_schema, so a number the API accepts can never
// overflow a column (a 500) and a column change that narrows a type fails here.

interface Column {
  data_type: string;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

/** [input schema, field, table, column] */
const STORED_NUMBERS: Array<[z.ZodType, string, string, string]> = [
  [createProjectInput, 'tokenBudget', 'projects', 'token_budget'],
  [updateProjectInput, 'tokenBudget', 'projects', 'token_budget'],
  [createProjectInput, 'costBudgetUsd', 'projects', 'cost_budget_usd'],
  [updateProjectInput, 'costBudgetUsd', 'projects', 'cost_budget_usd'],
  [createAgentInput, 'maxTokens', 'agents', 'max_tokens'],
  [createAgentInput, 'contextSize', 'agents', 'context_size'],
  [createAgentInput, 'temperature', 'agents', 'temperature'],
  [updateAgentInput, 'maxTokens', 'agents', 'max_tokens'],
  [updateAgentInput, 'contextSize', 'agents', 'context_size'],
  [createTaskInput, 'maxAttempts', 'tasks', 'max_attempts'],
  [listTasksInput, 'waveNumber', 'waves', 'number'],
  [createApiTokenInput, 'rateLimitPerMinute', 'api_tokens', 'rate_limit_per_minute'],
];

const INT_RANGE: Record<string, [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** The [minimum, maximum] a schema's field accepts, as the schema itself documents them. */
function boundsOf(schema: z.ZodType, field: string): { minimum: number; maximum: number } {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as {
    properties?: Record<string, { minimum?: number; maximum?: number; anyOf?: Array<{ minimum?: number; maximum?: number }> }>;
  };
  const property = json.properties?.[field];
  const withBounds = property?.maximum !== undefined ? property : property?.anyOf?.find((branch) => branch.maximum !== undefined);
  if (withBounds?.minimum === undefined || withBounds.maximum === undefined) throw new Error(`${field} has no documented bounds`);
  return { minimum: withBounds.minimum, maximum: withBounds.maximum };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function columnOf(table: string, column: string): Promise<Column> {
  const [row] = await database.db.$queryRawUnsafe<Column[]>(
    `SELECT data_type, numeric_precision, numeric_scale FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`,
    table,
    column,
  );
  if (!row) throw new Error(`no column ${table}.${column}`);
  return row;
}

describe('numeric input bounds', () => {
  it.each(
    STORED_NUMBERS.map(([schema, field, table, column]) => ({ schema, field, table, column, name: `${field} → ${table}.${column}` })),
  )('$name fits its column', async ({ schema, field, table, column }) => {
    const { minimum, maximum } = boundsOf(schema, field);
    const type = await columnOf(table, column);
    const integerRange = INT_RANGE[type.data_type];
    if (integerRange) {
      expect(BigInt(Math.ceil(minimum))).toBeGreaterThanOrEqual(integerRange[0]);
      expect(BigInt(Math.floor(maximum))).toBeLessThanOrEqual(integerRange[1]);
    } else if (type.data_type === 'numeric') {
      // numeric(p, s) holds |x| < 10^(p-s) after rounding to s places.
      const limit = 10 ** ((type.numeric_precision ?? 0) - (type.numeric_scale ?? 0));
      const roundedMax = Math.round(maximum * 10 ** (type.numeric_scale ?? 0)) / 10 ** (type.numeric_scale ?? 0);
      expect(roundedMax).toBeLessThan(limit);
      expect(-minimum).toBeLessThan(limit);
    } else {
      expect(['double precision', 'real']).toContain(type.data_type);
      expect(Number.isFinite(maximum) && Number.isFinite(minimum)).toBe(true);
    }
  });

  it('an event cursor fits the event log’s id column', async () => {
    expect((await columnOf('events', 'id')).data_type).toBe('bigint');
    expect(MAX_EVENT_ID).toBe(INT_RANGE.bigint?.[1]);
  });
});
