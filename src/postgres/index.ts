export { createPostgresStore, toStreamId } from "./store.js";
export { DEFAULT_SCHEMA, migrate, postgresMigrations } from "./migrations.js";
export { toSqlDatabase } from "./client.js";
export type { OutboxClaim, PostgresStoreOptions } from "./store.js";
export type { MigrationReport, PostgresMigration, PostgresSchemaOptions } from "./migrations.js";
export type { PgPoolLike, PostgresConnection, SqlClient, SqlDatabase } from "./client.js";
