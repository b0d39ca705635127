// Generates the Prisma client offline. `prisma generate` insists on locating a native
// schema-engine binary (and tries to download one) although generation never runs it, so we
// point PRISMA_SCHEMA_ENGINE_BINARY at a file that certainly exists: this Node binary.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const require = createRequire(path.join(here, '../../package.json'));
const prismaCli = require.resolve('prisma/build/index.js');

const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', path.join(repoRoot, 'prisma/schema.prisma')], {
  stdio: 'inherit',
  cwd: path.join(here, '../..'),
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
