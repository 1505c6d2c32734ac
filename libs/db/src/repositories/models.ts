import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import type { CredentialCipher } from '../credentials/credential-cipher.ts';
import { splitCredentials } from '../credentials/split-credentials.ts';
import { pageWindow, type Page, type PageRequest } from '../paging.ts';
import { models } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

type ModelRow = typeof models.$inferSelect;

/** A stored deployment with its credentials decrypted back into `params` (`litellm_params`). */
export type ModelRecord = Omit<ModelRow, 'credentials'> & { hasCredentials: boolean };

export interface NewModel {
  id?: string;
  modelName: string;
  params: Record<string, unknown>;
  modelInfo?: Record<string, unknown>;
  createdBy?: string;
}

export interface ModelChanges {
  modelName?: string;
  /** Replaces all of `litellm_params`, credentials included. */
  params?: Record<string, unknown>;
  modelInfo?: Record<string, unknown>;
  updatedBy?: string;
}

const contextOf = (id: string) => `model ${id}`;

/** Splits the params; the secret ones are encrypted (and refused without SWITCHBOARD_SALT_KEY). */
function sealParams(cipher: CredentialCipher, id: string, params: Record<string, unknown>): { params: Record<string, unknown>; credentials: string | null } {
  const { plain, credentials } = splitCredentials(params);
  return { params: plain, credentials: Object.keys(credentials).length > 0 ? cipher.encrypt(credentials, contextOf(id)) : null };
}

function openRow(cipher: CredentialCipher, { credentials, ...row }: ModelRow): ModelRecord {
  const secret = credentials === null ? {} : cipher.decrypt(credentials, contextOf(row.id));
  return { ...row, params: { ...row.params, ...secret }, hasCredentials: credentials !== null };
}

export async function insertModel(db: Database, cipher: CredentialCipher, { id = randomUUID(), modelName, params, modelInfo = {}, createdBy }: NewModel): Promise<ModelRecord> {
  const sealed = sealParams(cipher, id, params);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(models)
      .values({ id, modelName, ...sealed, modelInfo, createdBy: createdBy ?? null, updatedBy: createdBy ?? null })
      .returning();
    await appendOutbox(tx, { entityType: 'model', entityId: id, action: 'insert' });
    return openRow(cipher, row as ModelRow);
  });
}

export async function findModelById(db: Database, cipher: CredentialCipher, id: string): Promise<ModelRecord | undefined> {
  const [row] = await db.select().from(models).where(eq(models.id, id)).limit(1);
  return row && openRow(cipher, row);
}

export async function updateModel(db: Database, cipher: CredentialCipher, id: string, changes: ModelChanges): Promise<ModelRecord | undefined> {
  const { params, ...rest } = changes;
  const sealed = params === undefined ? {} : sealParams(cipher, id, params);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(models)
      .set({ ...rest, ...sealed, updatedAt: new Date() })
      .where(eq(models.id, id))
      .returning();
    if (!row) return undefined;
    await appendOutbox(tx, { entityType: 'model', entityId: id, action: 'update' });
    return openRow(cipher, row);
  });
}

/** True when there was such a model. */
export async function deleteModel(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(models).where(eq(models.id, id)).returning({ id: models.id });
    if (deleted.length > 0) await appendOutbox(tx, { entityType: 'model', entityId: id, action: 'delete' });
    return deleted.length > 0;
  });
}

/**
 * Deletes a team's own models (`model_info.team_id`) with the team: a team created later under the same id must
 * not inherit them, nor their credentials. Returns the deleted ids.
 */
export async function deleteModelsOfTeam(db: Database, teamId: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(models).where(sql`${models.modelInfo} ->> 'team_id' = ${teamId}`).returning({ id: models.id });
    for (const { id } of deleted) await appendOutbox(tx, { entityType: 'model', entityId: id, action: 'delete' });
    return deleted.map(({ id }) => id);
  });
}

export interface ModelFilter extends PageRequest {
  modelName?: string;
}

export async function listModels(db: Database, cipher: CredentialCipher, filter: ModelFilter = {}): Promise<Page<ModelRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where = filter.modelName === undefined ? undefined : eq(models.modelName, filter.modelName);
  const [rows, total] = await Promise.all([
    db.select().from(models).where(where).orderBy(asc(models.modelName), asc(models.id)).limit(limit).offset(offset),
    db.$count(models, where),
  ]);
  return { items: rows.map((row) => openRow(cipher, row)), total, page, pageSize };
}
