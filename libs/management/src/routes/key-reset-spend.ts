import { findBudgetById, resetKeySpend, type KeyRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { resetSpendSchema } from '../schemas/key-schemas.ts';
import { keyView } from '../views/entity-views.ts';
import { isTeamAdmin, loadKey } from './key-access.ts';

const invalid = (message: string) => new HttpError(400, message, { param: 'reset_to', code: 'invalid_reset_to' });

/** Proxy admins reset any key; a team's admins the team's keys. A personal key's owner never: it would lift a budget an admin set. */
async function assertMayReset(deps: ManagementDeps, caller: Caller, key: KeyRecord): Promise<void> {
  if (authorize(caller, 'key:reset_spend') === 'all') return;
  if (key.teamId === null || !(await isTeamAdmin(deps.db, caller, key.teamId))) throw forbidden("Only proxy admins, and a team's admins for its keys, may reset a key's spend");
}

/** LiteLLM's rules for `reset_to`: at least 0, at most what the key has spent, at most its budget (the key's, or its budget's). */
async function assertResetValue(deps: ManagementDeps, key: KeyRecord, resetTo: number): Promise<void> {
  if (resetTo > Number(key.spend)) throw invalid(`reset_to (${resetTo}) must be <= current spend (${Number(key.spend)})`);
  const budget = await findBudgetById(deps.db, key.budgetId);
  const caps = [key.maxBudget, budget?.maxBudget].filter((cap): cap is string => cap !== null && cap !== undefined).map(Number);
  const cap = caps.length > 0 ? Math.min(...caps) : undefined;
  if (cap !== undefined && resetTo > cap) throw invalid(`reset_to (${resetTo}) must be <= budget (${cap})`);
}

/**
 * LiteLLM's `/key/{key}/reset_spend`: a key's spend set by hand to `reset_to` (0 by default in LiteLLM's clients),
 * e.g. after a refund or a mistaken charge. Every gateway's limiter starts the key's budget anew from that spend (the
 * key's `spend_reset_at` is part of its counter's id), so the budget holds from the new figure on, across replicas.
 */
export function mountKeyResetSpend(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/key/:key/reset_spend'],
    summary: "Set a key's spend by hand (LiteLLM's reset_spend): 0 <= reset_to <= spend and <= budget",
    body: resetSpendSchema,
    async handler({ req, caller, body }) {
      const key = await loadKey(deps.db, String(req.params.key));
      await assertMayReset(deps, caller, key);
      await assertResetValue(deps, key, body.reset_to);
      const updated = await applyChange(deps, caller, async (tx, audit) => {
        const row = await resetKeySpend(tx, key.hash, String(body.reset_to), new Date(), caller.actor);
        if (row === undefined) throw new HttpError(404, 'No such key', { code: 'key_not_found' });
        // Spent less by now than when it was read (another reset): never a raise.
        if (row === 'above_spend') throw invalid(`reset_to (${body.reset_to}) must be <= current spend`);
        await audit({ action: 'key.reset_spend', table: 'keys', objectId: key.hash, before: keyView(key), after: keyView(row), invalidates: { entityType: 'key', action: 'update' } });
        return row;
      });
      return keyView(updated);
    },
  });
}
