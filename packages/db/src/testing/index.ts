export { createTestDatabase, type TestDatabase } from './test-database';
export { freePort } from './free-port';
export { withDatabase } from './global-setup';
export { createMigratedDatabase, startScratchPostgres, type ScratchPostgres } from './scratch-postgres';
