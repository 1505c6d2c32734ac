/** A key's or team's logging settings (`metadata.logging`, `metadata.callback_settings`), as the gateway reads them. */
export interface OwnerLoggingMetadata {
  /** For messages: the key's alias or hash prefix, the team's alias or id. */
  name: string;
  /** Only the logging fields, secrets decrypted: one object per loaded key context (the gateway caches its sinks by it). */
  metadata: Readonly<Record<string, unknown>>;
  /** An admin last wrote these fields (the backend's `logging_set_by_admin`): the destination allow-list does not apply. */
  setByAdmin: boolean;
  /** Why the settings cannot be used as stored (their secrets could not be decrypted): for a warning. */
  problem?: string;
}

/**
 * Who is calling, as the rest of the pipeline needs it. The master key is an admin principal; virtual
 * keys carry their limits and owners (filled in by the key verifier).
 */
export interface Principal {
  kind: 'master' | 'virtual_key' | 'anonymous';
  /** SHA-256 of the key: the only form of a key that may reach logs, metrics or spend rows. */
  keyHash?: string;
  /**
   * The key whose limits, budget and spend counter this key shares, when not its own: a key regenerated with a
   * grace period counts against its successor until the grace ends (spend rows are recorded under this key).
   */
  budgetKeyHash?: string;
  keyAlias?: string;
  userId?: string;
  teamId?: string;
  organizationId?: string;
  /** Model groups this principal may call; empty or undefined means all. */
  models?: readonly string[];
  /** Per-key model aliases: a name the client sends → a model group. */
  aliases?: Readonly<Record<string, string>>;
  /** The key's `tags` and its team's: with tag routing on, they choose among a model group's deployments. */
  tags?: readonly string[];
  /** Route patterns this key may call; undefined means all data-plane routes. */
  allowedRoutes?: readonly string[];
  /** The key's user's role (`proxy_admin`, ...): the gateway's admin routes (`/health`) read it. */
  userRole?: string;
  /**
   * The key's and its team's logging callbacks, when their metadata has any. Holds decrypted callback
   * secrets: read it for the logging callbacks only, never log or serialize the principal whole.
   */
  logging?: { key?: OwnerLoggingMetadata; team?: OwnerLoggingMetadata };
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
