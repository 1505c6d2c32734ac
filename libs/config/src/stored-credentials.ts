import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { destinationFieldsOf, providerOfParams } from './credential-destination.ts';

/**
 * LiteLLM's reusable credentials: a named set of provider credentials (the config file's `credential_list`, or
 * the management API's `/credentials`) that a deployment names with `litellm_params.litellm_credential_name`
 * instead of carrying its own `api_key`.
 */
export interface StoredCredential {
  name: string;
  /** Secret and non-secret connection values: `api_key`, `api_base`, `api_version`, `aws_*`, `vertex_*`, ... */
  values: Record<string, unknown>;
  /** Free-form description; `custom_llm_provider` in it binds the credential to one provider. */
  info: Record<string, unknown>;
}

export type CredentialSet = ReadonlyMap<string, StoredCredential>;

/**
 * The `litellm_params` a credential may fill: how to reach and authenticate with a provider. A model's routing,
 * limits and prices stay the model's own, so a credential cannot change what a deployment costs or serves.
 */
export const CREDENTIAL_VALUE_KEYS: readonly string[] = [
  'api_key', 'api_base', 'base_url', 'api_version', 'organization',
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_region_name', 'region_name', 'aws_profile_name',
  'aws_role_name', 'aws_session_name', 'aws_bedrock_runtime_endpoint', 'aws_sts_endpoint', 'aws_web_identity_token',
  'vertex_project', 'vertex_location', 'vertex_credentials',
  'azure_ad_token', 'tenant_id', 'client_id', 'client_secret', 'azure_username', 'azure_password',
];

const NAME = z.string().trim().min(1, 'credential_name must not be empty').max(256, 'credential_name is at most 256 characters');

/** `credential_values`: known keys only (400 or a config error names the first other one), URLs where a URL goes. */
export const credentialValuesSchema = z
  .record(z.string(), z.unknown())
  .superRefine((values, ctx) => {
    for (const [key, value] of Object.entries(values)) {
      if (!CREDENTIAL_VALUE_KEYS.includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `not a credential field (one of ${CREDENTIAL_VALUE_KEYS.join(', ')})` });
      else if (value !== null && typeof value !== 'string' && !(key === 'vertex_credentials' && typeof value === 'object')) ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
      else if ((key === 'api_base' || key === 'base_url') && typeof value === 'string' && !z.string().url().safeParse(value).success) ctx.addIssue({ code: 'custom', path: [key], message: 'must be a URL' });
    }
  });

export const credentialEntrySchema = z.object({
  credential_name: NAME,
  credential_values: credentialValuesSchema,
  credential_info: z.record(z.string(), z.unknown()).nullish(),
});

export type CredentialEntry = z.infer<typeof credentialEntrySchema>;

export function storedCredentialOf(entry: CredentialEntry): StoredCredential {
  const values = Object.fromEntries(Object.entries(entry.credential_values).filter(([, value]) => value !== null && value !== undefined));
  return { name: entry.credential_name, values, info: entry.credential_info ?? {} };
}

/** The credential's provider when its info names one (`credential_info.custom_llm_provider`). */
function boundProvider(credential: StoredCredential): string | undefined {
  const provider = credential.info.custom_llm_provider;
  return typeof provider === 'string' && provider !== '' ? provider : undefined;
}

/**
 * Why a deployment may not use a credential, or undefined. A stored credential goes where it says, like a model's own
 * (credential-destination.ts): the deployment may repeat the credential's destination fields but not set others, and
 * calls the provider the credential is bound to. Otherwise whoever may point a deployment at a host could have the
 * gateway present a secret they cannot read to a host of their own.
 */
export function credentialMismatch(ownParams: Record<string, unknown>, credential: StoredCredential): string | undefined {
  const provider = boundProvider(credential);
  if (provider !== undefined && providerOfParams(ownParams) !== provider) return `credential "${credential.name}" is for ${provider}, not ${providerOfParams(ownParams)}`;
  const differing = destinationFieldsOf(ownParams).filter((field) => ownParams[field] !== undefined && ownParams[field] !== null && !isDeepStrictEqual(ownParams[field], credential.values[field]));
  if (differing.length === 0) return undefined;
  return `${differing.join(', ')} must be left to credential "${credential.name}" (a stored credential is only sent where it says; put the destination in the credential)`;
}

/** The credential a deployment names, if any. */
export function credentialNameOf(params: Record<string, unknown>): string | undefined {
  const name = params.litellm_credential_name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * A deployment's params with its named credential's values filled in where the deployment sets none (LiteLLM's
 * rule: the deployment's own values win). `problem` says why the credential was not applied.
 */
export function withCredential(params: Record<string, unknown>, credentials: CredentialSet): { params: Record<string, unknown>; problem?: string } {
  const name = credentialNameOf(params);
  if (name === undefined) return { params };
  const credential = credentials.get(name);
  if (!credential) return { params, problem: `credential "${name}" does not exist` };
  const problem = credentialMismatch(params, credential);
  if (problem) return { params, problem };
  const filled = { ...params };
  for (const [key, value] of Object.entries(credential.values)) if (filled[key] === undefined || filled[key] === null) filled[key] = value;
  return { params: filled };
}
