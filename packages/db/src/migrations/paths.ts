import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where the schema and migrations live, in Prisma's own layout. */
export const defaultPrismaPaths = {
  schemaPath: path.join(repoRoot, 'prisma/schema.prisma'),
  migrationsDir: path.join(repoRoot, 'prisma/migrations'),
};

export type PrismaPaths = typeof defaultPrismaPaths;
