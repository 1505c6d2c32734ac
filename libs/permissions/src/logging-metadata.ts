/**
 * The metadata fields that send a key's or team's calls somewhere (LiteLLM's `metadata.logging` on keys and
 * `metadata.callback_settings` on teams), and the marker the backend writes beside them. The backend lets a
 * non-admin set them (destinations on the allow-list only) and writes the marker; the gateway reads the same
 * marker as "an admin wrote this", which lifts the allow-list. One definition, so both sides agree.
 */
export const LOGGING_METADATA_KEYS = ['logging', 'callback_settings'] as const;

/** Written by the backend only (stripped from every request): true when an admin last wrote the logging fields. */
export const LOGGING_SET_BY_ADMIN = 'logging_set_by_admin';

type Metadata = Readonly<Record<string, unknown>>;

/** `null` is "no value" (README): an explicit null sets nothing. */
const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** Whether the metadata carries logging settings. */
export function hasLoggingMetadata(metadata: Metadata | undefined): boolean {
  return LOGGING_METADATA_KEYS.some((name) => isSet(metadata?.[name]));
}

/** The logging fields the metadata sets, and nothing else of it. */
export function loggingFieldsOf(metadata: Metadata | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of LOGGING_METADATA_KEYS) if (isSet(metadata?.[name])) fields[name] = metadata?.[name];
  return fields;
}

/** The gateway's reading of the marker: only a literal `true` the backend wrote counts. */
export function loggingSetByAdmin(metadata: Metadata | undefined): boolean {
  return metadata?.[LOGGING_SET_BY_ADMIN] === true;
}
