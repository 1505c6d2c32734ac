import { z } from 'zod';
import { archiveAndDeleteKey, findKeyByHash, insertKey } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { forbidden } from '../permissions/authorize.ts';
import { keyView } from '../views/entity-views.ts';
import { generateRawKey } from '../routes/key-columns.ts';
import { isScimToken, SCIM_TOKEN_FLAG, SCIM_TOKEN_ROUTES } from './scim-token.ts';

const newScimTokenSchema = z.object({ key_alias: z.string().min(1).max(200).nullish() }).strict();
const deleteScimTokenSchema = z.object({ token_id: z.string().regex(/^[0-9a-f]{64}$/, 'the token_id POST /scim/token returned') }).strict();

function assertProxyAdmin(caller: Caller): void {
  if (caller.role !== 'proxy_admin') throw forbidden('Only a proxy admin may mint or revoke SCIM tokens');
}

/** SCIM tokens: keys of no user whose only route is `/scim/v2/*`, stored hashed like every key; revocable. */
export function mountScimTokenRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/scim/token'],
    summary: 'Mint a SCIM bearer token (proxy admin only); it can call /scim/v2/* and nothing else',
    body: newScimTokenSchema,
    async handler({ caller, body }) {
      assertProxyAdmin(caller);
      const rawKey = generateRawKey();
      const key = await translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const row = await insertKey(tx, {
            rawKey,
            userId: null,
            allowedRoutes: [...SCIM_TOKEN_ROUTES],
            metadata: { [SCIM_TOKEN_FLAG]: true },
            ...(body.key_alias != null ? { alias: body.key_alias } : {}),
            createdBy: caller.actor,
            updatedBy: caller.actor,
          });
          await audit({ action: 'scim_token.new', table: 'keys', objectId: row.hash, after: keyView(row), invalidates: { entityType: 'key', action: 'insert' } });
          return row;
        }),
      );
      return { token: rawKey, token_id: key.hash, key_alias: key.alias, allowed_routes: key.allowedRoutes, created_at: key.createdAt };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/scim/token/delete'],
    summary: 'Revoke a SCIM token (proxy admin only)',
    body: deleteScimTokenSchema,
    async handler({ caller, body }) {
      assertProxyAdmin(caller);
      const key = await findKeyByHash(deps.db, body.token_id);
      if (!key || !isScimToken(key)) throw new HttpError(404, 'No such SCIM token', { code: 'scim_token_not_found' });
      await applyChange(deps, caller, async (tx, audit) => {
        await archiveAndDeleteKey(tx, key.hash, { deletedBy: caller.actor });
        await audit({ action: 'scim_token.delete', table: 'keys', objectId: key.hash, before: keyView(key), invalidates: { entityType: 'key', action: 'delete' } });
      });
      return { deleted_token_id: key.hash };
    },
  });
}
