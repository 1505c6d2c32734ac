import { asc, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../database.ts';
import type { CredentialCipher } from '../credentials/credential-cipher.ts';
import { credentials } from '../schema/index.ts';
import { appendOutbox } from './outbox.ts';

type CredentialRow = typeof credentials.$inferSelect;

/** A stored credential with its values decrypted. */
export type CredentialRecord = Omit<CredentialRow, 'credentialValues'> & { credentialValues: Record<string, unknown> };

const contextOf = (name: string) => `credential ${name}`;

function openRow(cipher: CredentialCipher, row: CredentialRow): CredentialRecord {
  return { ...row, credentialValues: cipher.decrypt(row.credentialValues, contextOf(row.credentialName)) };
}

/**
 * A credential change reloads the gateways' deployments, which are built with the credentials they name: it is
 * published as a model change (the gateway rebuilds every deployment on one).
 */
const changed = (tx: Transaction, name: string, action: 'insert' | 'update' | 'delete') => appendOutbox(tx, { entityType: 'model', entityId: `credential:${name}`, action });

export interface NewCredential {
  name: string;
  values: Record<string, unknown>;
  info?: Record<string, unknown>;
  createdBy?: string;
}

/** Undefined when the name is taken (the caller answers 409-like). */
export async function insertCredential(db: Database, cipher: CredentialCipher, { name, values, info = {}, createdBy }: NewCredential): Promise<CredentialRecord | undefined> {
  const sealed = cipher.encrypt(values, contextOf(name));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(credentials)
      .values({ credentialName: name, credentialValues: sealed, credentialInfo: info, createdBy: createdBy ?? null, updatedBy: createdBy ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row) return undefined;
    await changed(tx, name, 'insert');
    return openRow(cipher, row);
  });
}

export async function findCredentialByName(db: Database, cipher: CredentialCipher, name: string): Promise<CredentialRecord | undefined> {
  const [row] = await db.select().from(credentials).where(eq(credentials.credentialName, name)).limit(1);
  return row && openRow(cipher, row);
}

/** Every stored credential, by name (a proxy keeps tens of them, not thousands). */
export async function listCredentials(db: Database, cipher: CredentialCipher): Promise<CredentialRecord[]> {
  const rows = await db.select().from(credentials).orderBy(asc(credentials.credentialName));
  return rows.map((row) => openRow(cipher, row));
}

export interface CredentialChanges {
  values?: Record<string, unknown>;
  info?: Record<string, unknown>;
  updatedBy?: string;
}

export async function updateCredential(db: Database, cipher: CredentialCipher, name: string, { values, info, updatedBy }: CredentialChanges): Promise<CredentialRecord | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(credentials)
      .set({
        ...(values !== undefined ? { credentialValues: cipher.encrypt(values, contextOf(name)) } : {}),
        ...(info !== undefined ? { credentialInfo: info } : {}),
        ...(updatedBy !== undefined ? { updatedBy } : {}),
        updatedAt: new Date(),
      })
      .where(eq(credentials.credentialName, name))
      .returning();
    if (!row) return undefined;
    await changed(tx, name, 'update');
    return openRow(cipher, row);
  });
}

/** True when there was such a credential. */
export async function deleteCredential(db: Database, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(credentials).where(eq(credentials.credentialName, name)).returning({ name: credentials.credentialName });
    if (deleted.length > 0) await changed(tx, name, 'delete');
    return deleted.length > 0;
  });
}
