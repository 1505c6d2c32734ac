import { z } from 'zod';
import { jsonObject, name, requestObject } from './common.ts';

/** A credential's name is a path segment (`/credentials/by_name/{name}`): no slash, so every name can be addressed. */
const credentialName = () => name().refine((value) => !value.includes('/'), 'must not contain "/"');

/** LiteLLM's `CreateCredentialItem`: values, or the id of a deployment whose credentials to copy. */
export const newCredentialSchema = requestObject({
  credential_name: credentialName(),
  credential_values: jsonObject().optional(),
  credential_info: jsonObject().optional(),
  model_id: name().optional(),
});

/** LiteLLM's PATCH: values and info merged into the stored ones (a value set to null is removed). */
export const patchCredentialSchema = requestObject({
  credential_name: credentialName().optional(),
  credential_values: jsonObject().optional(),
  credential_info: jsonObject().optional(),
});

export const credentialPathSchema = z.object({ credential_name: credentialName() });
