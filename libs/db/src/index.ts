// Connections
export { openDatabase, type OpenDatabaseOptions, type OpenedDatabase, type DatabaseLogger } from './open-database.ts';
export type { QueryObserver } from './observe-queries.ts';
export type { DatabaseState } from './database-state.ts';
export type { Database, Transaction } from './database.ts';
export { withTransaction } from './with-transaction.ts';
export { findMigrationsFolder } from './migrations/migrations-folder.ts';
export { ensureSearchPathSchema } from './migrations/ensure-search-path-schema.ts';
export { migrationsSchemaFor, lastAppliedMigrationAt } from './migrations/migration-state.ts';
export { DatabaseNotConfiguredError, uniqueViolation, foreignKeyViolation, sqlStateOf, isDataRefusal, databaseErrorSummary } from './errors.ts';

// Schema and values
export * from './schema/index.ts';
export { decimalSchema, decimalToUnits, unitsToDecimal, addDecimals, compareDecimals, microsToDecimal, decimalToMicros, decimalToNano, MONEY_SCALE } from './money.ts';
export { hashApiKey, sha256Hex, maskApiKey, SHA256_HEX_PATTERN } from './hash-secret.ts';
export { createCredentialCipher, MissingSaltKeyError, CredentialDecryptionError, type CredentialCipher } from './credentials/credential-cipher.ts';
export { splitCredentials, isCredentialField } from './credentials/split-credentials.ts';
export { hasPlainCallbackSecrets, isCallbackSecretVar, isSealed, mapCallbackVars, maskCallbackSecrets, openCallbackSecrets, sealCallbackSecrets, SEALED_FIELD, type SealedValue } from './credentials/callback-secrets.ts';
export type { Page, PageRequest } from './paging.ts';

// Data access
export * from './repositories/keys.ts';
export * from './repositories/global-spend-reset.ts';
export * from './repositories/users.ts';
export * from './repositories/implicit-users.ts';
export * from './repositories/teams.ts';
export * from './repositories/organizations.ts';
export * from './repositories/memberships.ts';
export * from './repositories/budgets.ts';
export * from './repositories/customers.ts';
export * from './repositories/models.ts';
export * from './repositories/credentials.ts';
export * from './repositories/tags.ts';
export * from './repositories/spend.ts';
export { eventOfSpendLine, eventOfTypedSpendLine, isTypedLineText, journalLineOf, typedSpendLineOf, SPEND_LINE_FIELDS, TYPED_NULL } from './repositories/spend-typed-line.ts';
export * from './repositories/spend-logs.ts';
export * from './repositories/end-user-spend.ts';
export * from './repositories/daily-spend.ts';
export * from './repositories/audit.ts';
export * from './repositories/outbox.ts';
export * from './repositories/proxy-config.ts';
export * from './repositories/sessions.ts';
export * from './repositories/semantic-cache.ts';
export { maintainSpendLogPartitions, listSpendLogPartitions, spendLogRetentionDays, type PartitionChanges } from './partitions/spend-log-partitions.ts';
export { schedulePartitionMaintenance } from './partitions/schedule-partition-maintenance.ts';

// The embedded default's server (the launcher, and socket tests): PGlite over the wire protocol, one sequence at a time.
export { servePglite } from './serve-pglite.ts';

// For other projects' tests against the local PostgreSQL (node-postgres only; no PGlite in here).
export { requirePostgres, type PostgresAvailability } from './testing/require-postgres.ts';
export { createPostgresTestDatabase, type PostgresTestDatabase } from './testing/postgres-test-database.ts';
export { BUDGET_RESET_ORDER, resetDueBudgets } from './repositories/budget-resets.ts';
export { budgetDurationMs, budgetPeriodStart } from './repositories/budget-period.ts';
export * from './repositories/files.ts';
export * from './repositories/batches.ts';
export * from './repositories/owner-scope.ts';
