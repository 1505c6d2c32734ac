import { changedDestinationFields } from '@switchboard/config';
import { HttpError } from '@switchboard/service-kit';
import { MASKED } from '../views/model-views.ts';

/**
 * A masked credential sent back in `/model/update` means "keep the stored secret". That is only allowed
 * while the credential keeps going where it went: otherwise an admin who cannot read the secret could point
 * the deployment at a host of their own and have the gateway deliver it there. 400 names what changed.
 */
export function assertMaskedCredentialsStayHome(before: Record<string, unknown>, submitted: Record<string, unknown>): void {
  const masked = Object.keys(submitted).filter((field) => submitted[field] === MASKED && field in before);
  if (masked.length === 0) return;
  const changed = changedDestinationFields(before, submitted);
  if (changed.length === 0) return;
  const list = (names: readonly string[]) => names.map((name) => `litellm_params.${name}`).join(', ');
  throw new HttpError(
    400,
    `${list(changed)} changed the deployment's destination, so the stored credential is not kept: send ${list(masked)} again in full (the masked value "${MASKED}" only keeps a credential while every destination field stays the same)`,
    { code: 'credential_required_for_new_destination', param: `litellm_params.${masked[0]}` },
  );
}
