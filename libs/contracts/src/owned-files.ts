/**
 * The OpenAI-style stores (files, batches) as the data plane and the database both speak of them: whose rows a
 * caller reaches, and a new file. One definition, so the store the gateway binds and the routes that use it agree.
 */

/** A team's rows (any of its keys made them), a user's personal ones, one key's own; `all` for the master key and proxy admins. */
export type OwnerScope = 'all' | { teamId: string } | { userId: string } | { keyHash: string };

export interface NewStoredFile {
  id: string;
  purpose: string;
  filename: string;
  content: Buffer;
  expiresAt?: Date;
  keyHash?: string;
  userId?: string;
  teamId?: string;
}
