import { customType, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampTz } from '../columns.ts';

/** `bytea` as a Buffer: node-postgres hands back a Buffer, PGlite a Uint8Array. */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/**
 * Files uploaded through OpenAI's files API (`/v1/files`), kept in the database so every replica serves them and
 * a restart loses none. The owner is who uploaded it: the key's team, else its user, else the key itself (the
 * master key's files have none and are an admin's).
 */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose').notNull(),
    filename: text('filename').notNull(),
    bytes: integer('bytes').notNull(),
    content: bytes('content').notNull(),
    createdAt: timestampTz('created_at').notNull().defaultNow(),
    /** When the file is deleted on its own (OpenAI's `expires_after`); null = kept until deleted. */
    expiresAt: timestampTz('expires_at'),
    keyHash: text('key_hash'),
    userId: text('user_id'),
    teamId: text('team_id'),
  },
  (t) => [index('files_team_id_idx').on(t.teamId), index('files_user_id_idx').on(t.userId), index('files_key_hash_idx').on(t.keyHash)],
);
