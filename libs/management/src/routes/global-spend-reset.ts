import { resetAllSpend } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';

/**
 * LiteLLM's `POST /global/spend/reset`: every key's and every team's spend set back to 0 (the spend logs, daily
 * totals, users' and organizations' spend stay), with the master key only, as LiteLLM's route table has it (one of
 * its advisories was this route answering any valid key). Every gateway starts those budgets anew from 0 at once
 * (see resetAllSpend); the change is audited with how many keys and teams it reset.
 */
export function mountGlobalSpendReset(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/global/spend/reset'],
    summary: "Set every key's and team's spend to 0, keeping the spend logs (the master key only)",
    async handler({ caller }) {
      authorize(caller, 'spend:reset');
      if (caller.via !== 'master_key') throw forbidden("Only the master key may reset every key's and team's spend");
      const reset = await applyChange(deps, caller, async (tx, audit) => {
        const counts = await resetAllSpend(tx, new Date(), caller.actor);
        await audit({ action: 'spend.reset_all', table: 'keys', objectId: '*', after: { ...counts }, invalidates: { entityType: 'team', action: 'update' } });
        return counts;
      });
      deps.logger.info({ ...reset }, 'every key and team spend reset by /global/spend/reset');
      return { message: 'Spend for all API Keys and Teams reset successfully', status: 'success' };
    },
  });
}
