import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { NewStoredFile } from '@switchboard/contracts';
import { ownerScopeWhere, type OwnerScope } from './owner-scope.ts';
import type { Database } from '../database.ts';
import { files } from '../schema/index.ts';

/** A stored file without its content (what lists and lookups return). */
export type FileRecord = Omit<typeof files.$inferSelect, 'content'>;

/** Whose files a caller reaches (owner-scope.ts). */
export type FileScope = OwnerScope;

/** A new file (the data plane's shape: @switchboard/contracts). */
export type NewFile = NewStoredFile;

const meta = {
  id: files.id,
  purpose: files.purpose,
  filename: files.filename,
  bytes: files.bytes,
  createdAt: files.createdAt,
  expiresAt: files.expiresAt,
  keyHash: files.keyHash,
  userId: files.userId,
  teamId: files.teamId,
};

const scopeWhere = (scope: FileScope) => ownerScopeWhere(files, scope);

/** Files past their expiry are gone to every reader, before the sweep deletes them. */
const live = () => sql`(${files.expiresAt} is null or ${files.expiresAt} > now())`;

export async function insertFile(db: Database, file: NewFile): Promise<FileRecord> {
  const [row] = await db
    .insert(files)
    .values({ ...file, bytes: file.content.length, keyHash: file.keyHash ?? null, userId: file.userId ?? null, teamId: file.teamId ?? null, expiresAt: file.expiresAt ?? null })
    .returning(meta);
  return row as FileRecord;
}

/** The file, if it exists, has not expired and is within the scope (another owner's file is "not found" too). */
export async function findFile(db: Database, id: string, scope: FileScope): Promise<FileRecord | undefined> {
  const [row] = await db.select(meta).from(files).where(and(eq(files.id, id), live(), scopeWhere(scope))).limit(1);
  return row;
}

export async function readFileContent(db: Database, id: string, scope: FileScope): Promise<Buffer | undefined> {
  const [row] = await db.select({ content: files.content }).from(files).where(and(eq(files.id, id), live(), scopeWhere(scope))).limit(1);
  return row?.content;
}

export interface FileListing {
  scope: FileScope;
  purpose?: string;
  /** At most this many (the caller asks one more to tell whether there are more). */
  limit: number;
  /** OpenAI's cursor: the id of the last file of the previous page. */
  after?: string;
  order: 'asc' | 'desc';
}

/** Newest first (or oldest), then by id: a cursor is the id of the file a page ended on. */
export async function listFiles(db: Database, listing: FileListing): Promise<FileRecord[]> {
  const { scope, purpose, limit, after, order } = listing;
  // Compared in SQL: created_at has microseconds, a JavaScript Date only milliseconds. An unknown cursor matches nothing.
  const cursor = after === undefined ? undefined : order === 'desc'
    ? sql`(${files.createdAt}, ${files.id}) < ((select f.created_at from files f where f.id = ${after}), ${after})`
    : sql`(${files.createdAt}, ${files.id}) > ((select f.created_at from files f where f.id = ${after}), ${after})`;
  const direction = order === 'desc' ? desc : asc;
  return db
    .select(meta)
    .from(files)
    .where(and(live(), scopeWhere(scope), purpose === undefined ? undefined : eq(files.purpose, purpose), cursor))
    .orderBy(direction(files.createdAt), direction(files.id))
    .limit(limit);
}

/** True when the file existed within the scope. */
export async function deleteFile(db: Database, id: string, scope: FileScope): Promise<boolean> {
  const deleted = await db.delete(files).where(and(eq(files.id, id), scopeWhere(scope))).returning({ id: files.id });
  return deleted.length > 0;
}

/** Deletes expired files; returns how many. */
export async function deleteExpiredFiles(db: Database, now: Date = new Date()): Promise<number> {
  const deleted = await db.delete(files).where(lte(files.expiresAt, now)).returning({ id: files.id });
  return deleted.length;
}
