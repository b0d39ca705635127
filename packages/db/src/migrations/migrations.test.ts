import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { applyMigrations, createMigration, defaultPrismaPaths, diffMigrationsToSchema } from './index';

// Each of these needs an empty database of its own.
async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await database.db.$executeRawUnsafe('DROP SCHEMA public CASCADE');
  await database.db.$executeRawUnsafe('CREATE SCHEMA public');
  return database;
}

describe('migrations', () => {
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const database = await emptyDatabase();
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('applies every migration once, and a second run changes nothing', async () => {
    const { url, db } = await fresh();
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    const tablesBefore = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(await applyMigrations(url)).toEqual([]);
    const tablesAfter = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tablesAfter).toEqual(tablesBefore);
    const history = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((row) => row.migration_name)).toEqual(first);
  });

  it('schema.prisma and the migrations folder agree (no change to the model lands without its migration)', async () => {
    const { url } = await fresh();
    expect(await diffMigrationsToSchema(url)).toBe('');
  });

  describe('on a copy of the schema with an unmigrated change', () => {
    let paths: typeof defaultPrismaPaths;
    beforeAll(() => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-schema-'));
      cpSync(defaultPrismaPaths.migrationsDir, path.join(dir, 'migrations'), { recursive: true });
      const schema = readFileSync(defaultPrismaPaths.schemaPath, 'utf8').replace(
        'model Setting {\n',
        'model Setting {\n  note      String?\n',
      );
      writeFileSync(path.join(dir, 'schema.prisma'), schema);
      paths = { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
    });

    it('the drift check reports the missing column', async () => {
      const { url } = await fresh();
      expect(await diffMigrationsToSchema(url, paths)).toMatch(/ALTER TABLE "settings" ADD COLUMN\s+"note" TEXT/);
    });

    it("createMigration writes that change as a new migration in Prisma's layout", async () => {
      const { url } = await fresh();
      const folder = await createMigration(url, 'Add setting note', { paths, now: new Date('2030-01-02T03:04:05Z') });
      expect(folder).toBe(path.join(paths.migrationsDir, '20300102030405_add_setting_note'));
      expect(readFileSync(path.join(folder ?? '', 'migration.sql'), 'utf8')).toContain('"note" TEXT');
      const { url: verifyUrl } = await fresh();
      expect(await diffMigrationsToSchema(verifyUrl, paths)).toBe('');
    });
  });
});
