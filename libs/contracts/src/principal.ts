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
  /** Route patterns this key may call; undefined means all data-plane routes. */
  allowedRoutes?: readonly string[];
  /** The key's user's role (`proxy_admin`, ...): the gateway's admin routes (`/health`) read it. */
  userRole?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
