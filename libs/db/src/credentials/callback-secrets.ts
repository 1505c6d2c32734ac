import type { CredentialCipher } from './credential-cipher.ts';
import { isCredentialField } from './split-credentials.ts';

/**
 * The secrets of a key's or team's logging callbacks (`metadata.logging[].callback_vars`,
 * `metadata.callback_settings.callback_vars`): stored encrypted with the model credentials' cipher, each
 * value replaced by `{ "$encrypted": "v1:..." }`. An object, not a prefixed string, so a sealed value read
 * without decryption is never sent anywhere as if it were the secret: the sink simply lacks its key.
 */
type Metadata = Readonly<Record<string, unknown>>;
type Vars = Record<string, unknown>;

export const SEALED_FIELD = '$encrypted';
export interface SealedValue {
  [SEALED_FIELD]: string;
}

/** `langfuse_secret_key`, `langfuse_public_key`, `s3_aws_access_key_id`, `s3_aws_secret_access_key`, `s3_aws_session_token`, `generic_logger_headers`, any *secret*, *token*, *password*, *api_key*. */
const SECRET_NAME = /secret|token|password|api_key|headers|access_key_id$/i;
export function isCallbackSecretVar(name: string): boolean {
  return isCredentialField(name) || SECRET_NAME.test(name);
}

export function isSealed(value: unknown): value is SealedValue {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as Vars)[SEALED_FIELD] === 'string';
}

const isRecord = (value: unknown): value is Vars => value !== null && typeof value === 'object' && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Rewrites every `callback_vars` of the logging fields with `rewrite(vars, where, holder)`; the rest of the
 * metadata is shared, not copied. `where` names the vars for messages and lookups
 * (`metadata.logging[0].callback_vars`); `holder` is the entry or `callback_settings` object holding them.
 */
export function mapCallbackVars(metadata: Metadata, rewrite: (vars: Vars, where: string, holder: Vars) => Vars): Record<string, unknown> {
  const result: Record<string, unknown> = { ...metadata };
  if (Array.isArray(metadata.logging)) {
    result.logging = metadata.logging.map((entry: unknown, index) =>
      isRecord(entry) && isRecord(entry.callback_vars) ? { ...entry, callback_vars: rewrite(entry.callback_vars, `metadata.logging[${index}].callback_vars`, entry) } : entry,
    );
  }
  const settings = metadata.callback_settings;
  if (isRecord(settings) && isRecord(settings.callback_vars)) result.callback_settings = { ...settings, callback_vars: rewrite(settings.callback_vars, 'metadata.callback_settings.callback_vars', settings) };
  return result;
}

const mapSecrets = (vars: Vars, map: (value: unknown, name: string) => unknown): Vars =>
  Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, isCallbackSecretVar(name) && present(value) ? map(value, name) : value]));

// Bound to the variable's name, not the row: /key/regenerate moves a key's metadata to a new row as it is.
const contextOf = (name: string) => `logging callback_vars.${name}`;

/** Encrypts every plain secret value; values already sealed stay as they are. Throws MissingSaltKeyError without a salt key. */
export function sealCallbackSecrets(metadata: Metadata, cipher: CredentialCipher): Record<string, unknown> {
  return mapCallbackVars(metadata, (vars) => mapSecrets(vars, (value, name) => (isSealed(value) ? value : { [SEALED_FIELD]: cipher.encrypt({ value }, contextOf(name)) })));
}

/** Decrypts every sealed value (the gateway, before reading the sinks). Throws CredentialDecryptionError with the wrong salt key. */
export function openCallbackSecrets(metadata: Metadata, cipher: CredentialCipher): Record<string, unknown> {
  return mapCallbackVars(metadata, (vars) => mapSecrets(vars, (value, name) => (isSealed(value) ? cipher.decrypt(value[SEALED_FIELD], contextOf(name)).value : value)));
}

/** Every secret value, sealed or not, shown as `mask`: names stay visible (the UI can say "set"), values never. */
export function maskCallbackSecrets(metadata: Metadata, mask: string): Record<string, unknown> {
  return mapCallbackVars(metadata, (vars) => mapSecrets(vars, () => mask));
}

/** Whether any secret of the logging fields is stored in the clear (not sealed). */
export function hasPlainCallbackSecrets(metadata: Metadata): boolean {
  let plain = false;
  mapCallbackVars(metadata, (vars) => mapSecrets(vars, (value) => ((plain ||= !isSealed(value)), value)));
  return plain;
}
