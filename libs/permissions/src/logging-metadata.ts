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

/** Whether the metadata carries logging settings (`null` is "no value", README). */
export function hasLoggingMetadata(metadata: Metadata | undefined): boolean {
  return LOGGING_METADATA_KEYS.some((name) => metadata?.[name] !== undefined && metadata[name] !== null);
}

/** The gateway's reading of the marker: only a literal `true` the backend wrote counts. */
export function loggingSetByAdmin(metadata: Metadata | undefined): boolean {
  return metadata?.[LOGGING_SET_BY_ADMIN] === true;
}
