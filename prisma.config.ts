// Read by the stock `prisma` CLI (for people who have internet and prefer it). Quarterdeck's
// own commands (`pnpm db:migrate`, `pnpm db:migration`) do not need this file.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
