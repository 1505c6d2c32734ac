import type { Deployment } from '@switchboard/config';
import { SecretMask } from '@switchboard/providers';
import { secretMaskOf } from '../data-plane-deps.ts';

/** The deployment's credentials to mask in what goes to the client; nothing to mask for a local answer. */
export function maskOf(deployment: Deployment | undefined): SecretMask {
  return deployment ? secretMaskOf(deployment) : SecretMask.none;
}
