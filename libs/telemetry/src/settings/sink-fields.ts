import { parseHeaderList } from './parse-header-list.ts';
import { envValue, type Env } from './settings-report.ts';

/** A callback's variables as LiteLLM names them (`callback_vars`, `s3_callback_params`, a `default_team_settings` entry). */
export type CallbackVars = Readonly<Record<string, unknown>>;

export interface LangfuseFields {
  publicKey?: string;
  secretKey?: string;
  host?: string;
}

export interface S3Fields {
  bucket?: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  virtualHostedStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export interface GenericApiFields {
  endpoint?: string;
  headers: Record<string, string>;
  logFormat?: string;
}

/** A variable as text: strings trimmed (blank is unset), numbers and booleans as written. */
export function textVar(vars: CallbackVars, name: string): string | undefined {
  const value = vars[name];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function boolVar(vars: CallbackVars, name: string): boolean | undefined {
  const value = vars[name];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

function headersVar(value: unknown): Record<string, string> {
  if (typeof value === 'string') return parseHeaderList(value).headers;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) if (typeof item === 'string' || typeof item === 'number') headers[name] = String(item);
  return headers;
}

export const langfuseFieldsFromVars = (vars: CallbackVars): LangfuseFields => ({
  publicKey: textVar(vars, 'langfuse_public_key'),
  // LiteLLM accepts both spellings of the secret.
  secretKey: textVar(vars, 'langfuse_secret_key') ?? textVar(vars, 'langfuse_secret'),
  host: textVar(vars, 'langfuse_host'),
});

export const langfuseFieldsFromEnv = (env: Env): LangfuseFields => ({
  publicKey: envValue(env, 'LANGFUSE_PUBLIC_KEY'),
  secretKey: envValue(env, 'LANGFUSE_SECRET_KEY'),
  host: envValue(env, 'LANGFUSE_HOST'),
});

export const s3FieldsFromVars = (vars: CallbackVars): S3Fields => ({
  bucket: textVar(vars, 's3_bucket_name'),
  prefix: textVar(vars, 's3_path'),
  region: textVar(vars, 's3_region_name'),
  endpoint: textVar(vars, 's3_endpoint_url'),
  virtualHostedStyle: boolVar(vars, 's3_use_virtual_hosted_style'),
  accessKeyId: textVar(vars, 's3_aws_access_key_id'),
  secretAccessKey: textVar(vars, 's3_aws_secret_access_key'),
  sessionToken: textVar(vars, 's3_aws_session_token'),
});

export const genericApiFieldsFromEnv = (env: Env): GenericApiFields => ({
  endpoint: envValue(env, 'GENERIC_LOGGER_ENDPOINT'),
  headers: parseHeaderList(env.GENERIC_LOGGER_HEADERS).headers,
});

/** A `callback_settings` entry of `callback_type: generic_api`. */
export const genericApiFieldsFromEntry = (entry: CallbackVars): GenericApiFields => ({
  endpoint: textVar(entry, 'endpoint'),
  headers: headersVar(entry.headers),
  logFormat: textVar(entry, 'log_format'),
});

/** A key's or team's `callback_vars` (LiteLLM's UI names the webhook's `custom_callback_api_url` / `_headers`). */
export const genericApiFieldsFromVars = (vars: CallbackVars): GenericApiFields => ({
  endpoint: textVar(vars, 'generic_logger_endpoint') ?? textVar(vars, 'custom_callback_api_url'),
  headers: headersVar(vars.generic_logger_headers ?? vars.custom_callback_api_headers),
  logFormat: textVar(vars, 'log_format'),
});
