import { archiveAndDeleteKey, hashApiKey, insertKey, updateKey, type KeyRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { regenerateKeyInPathSchema, regenerateKeySchema } from '../schemas/key-schemas.ts';
import { keyView } from '../views/entity-views.ts';
import { assertMayReissue } from './acting-for-user.ts';
import { assertKeyAccess, loadKey } from './key-access.ts';
import { expiryOf, generateRawKey } from './key-columns.ts';

/**
 * `/key/regenerate`: the key's record (limits, spend, alias) moves to a new raw key. Without a grace
 * period the old hash is archived at once. With one, the old row stays, alias-less, as a second key row
 * whose `expires_at` is the end of the grace period and whose `metadata.rotated_to` names the new hash;
 * the gateway's usual expiry check retires it. Until then the gateway counts the old key against the new
 * key's limits and budget (the new row's `metadata.rotated_from` confirms the link).
 */
export function mountKeyRegenerate(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/regenerate'],
    summary: 'Replace a key with a new raw value, optionally keeping the old one working for a grace period',
    body: regenerateKeySchema,
    handler: ({ caller, body }) => regenerate(deps, caller, body.key, body),
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/:key/regenerate'],
    summary: "LiteLLM's /key/{key}/regenerate: /key/regenerate with the key (raw or its hash) in the path",
    body: regenerateKeyInPathSchema,
    handler: ({ req, caller, body }) => {
      const key = String(req.params.key);
      if (body.key !== undefined && body.key !== key) throw new HttpError(400, 'The body names another key than the path', { param: 'key' });
      return regenerate(deps, caller, key, body);
    },
  });
}

/** Regenerates `keyRef` (see mountKeyRegenerate) for the caller, if they may. */
async function regenerate(deps: ManagementDeps, caller: Caller, keyRef: string, body: { new_key?: string; grace_period?: string | null }) {
  const old = await loadKey(deps.db, keyRef);
  await assertKeyAccess(deps.db, caller, 'key:regenerate', old);
  assertMayReissue(caller, old);
  const rawKey = body.new_key ?? generateRawKey();
  const now = new Date();
  const graceEnds = expiryOf(body.grace_period, now) ?? undefined;
  const { hash: _hash, keyName: _keyName, createdAt: _createdAt, updatedAt: _updatedAt, ...carried } = old;
  const created = await translateDbErrors(() =>
    applyChange(deps, caller, async (tx, audit) => {
      if (old.alias !== null) await updateKey(tx, old.hash, { alias: null });
      // With a grace period the two rows link both ways; the gateway trusts the link (the old key counting
      // against the new key's limits and budget) only then, since either side alone is writable metadata.
      const { rotated_to: _to, rotated_from: _from, ...metadata } = old.metadata;
      const key = await insertKey(tx, { ...carried, metadata: graceEnds ? { ...metadata, rotated_from: old.hash } : metadata, rawKey, rotationCount: old.rotationCount + 1, lastRotatedAt: now, updatedBy: caller.actor });
      await audit({ action: 'key.regenerate', table: 'keys', objectId: key.hash, before: keyView(old), after: keyView(key), invalidates: { entityType: 'key', action: 'insert' } });
      if (graceEnds) {
        const expiresAt = old.expiresAt && old.expiresAt < graceEnds ? old.expiresAt : graceEnds;
        const retired = (await updateKey(tx, old.hash, { expiresAt, metadata: { ...old.metadata, rotated_to: hashApiKey(rawKey) }, updatedBy: caller.actor })) as KeyRecord;
        await audit({ action: 'key.retire', table: 'keys', objectId: old.hash, before: keyView(old), after: keyView(retired), invalidates: { entityType: 'key', action: 'update' } });
      } else {
        await archiveAndDeleteKey(tx, old.hash, { deletedBy: caller.actor });
        await audit({ action: 'key.retire', table: 'keys', objectId: old.hash, before: keyView(old), invalidates: { entityType: 'key', action: 'delete' } });
      }
      return key;
    }),
  );
  return { key: rawKey, ...keyView(created), old_key_token: old.hash, old_key_expires: graceEnds?.toISOString() ?? null };
}
