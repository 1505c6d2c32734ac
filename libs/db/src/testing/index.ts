// Test helpers that load PGlite: a separate entry (`@switchboard/db-testing`) so app bundles never pull
// PGlite's WASM in through `@switchboard/db`.
export { createPgliteTestDatabase, type PgliteTestDatabase, type PgliteTestDatabaseOptions } from './pglite-test-database.ts';
export { createPgliteSocketDatabase, type PgliteSocketDatabase } from './pglite-socket-database.ts';
