import { pythonFloat } from './python-float.ts';
import type { ScopeOwner } from './scope-owner.ts';

/**
 * A spent budget's refusal message in LiteLLM's words, which clients match to tell a spent budget from other
 * errors: "Budget has been exceeded! [Scope=id ]Current cost: X, Max budget: Y" for a key (no scope), a team, a
 * member in a team, an organization and a tag; "ExceededBudget: [End ]User=id over budget. Spend=X, Budget=Y" for a
 * user and an end user. Amounts in dollars, written as Python writes floats (see pythonFloat).
 */
export function budgetExceededMessage(owner: ScopeOwner | undefined, spentUsd: number, maxUsd: number): string {
  const spent = pythonFloat(spentUsd);
  const max = pythonFloat(maxUsd);
  const exceeded = (scope: string) => `Budget has been exceeded! ${scope}Current cost: ${spent}, Max budget: ${max}`;
  const overBudget = (who: string) => `ExceededBudget: ${who} over budget. Spend=${spent}, Budget=${max}`;
  switch (owner?.entity) {
    case 'user':
      return overBudget(`User=${owner.id}`);
    case 'end_user':
      return overBudget(`End User=${endUserIdOf(owner.id)}`);
    case 'team':
      return exceeded(`Team=${owner.id} `);
    case 'team_member':
      return exceeded(owner.member ? `User=${owner.member.userId} in Team=${owner.member.teamId} ` : `Team member=${owner.id} `);
    case 'org':
      return exceeded(`Organization=${owner.id} `);
    case 'tag':
      return exceeded(`Tag=${owner.id} `);
    default:
      // The key's own budget (its hash is no name a client knows), or a counter of no known owner.
      return exceeded('');
  }
}

/** The client's end user id of an end user scope (`<id>@<tenant kind>/<tenant id, URI-encoded>`, see endUserOwner). */
function endUserIdOf(scopeId: string): string {
  const at = scopeId.lastIndexOf('@');
  return at < 0 ? scopeId : scopeId.slice(0, at);
}
