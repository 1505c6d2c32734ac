import type { FileScope } from '../files/file-store.ts';

/** A batch as the data plane reads it (the gateway binds @switchboard/db's batches repository in connect-state.ts). */
export interface StoredBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  status: string;
  metadata: Record<string, string> | null;
  requestId: string;
  total: number;
  completed: number;
  failed: number;
  outputFileId: string | null;
  errorFileId: string | null;
  errors: Record<string, unknown> | null;
  createdAt: Date;
  inProgressAt: Date | null;
  finalizingAt: Date | null;
  completedAt: Date | null;
  failedAt: Date | null;
  expiredAt: Date | null;
  cancellingAt: Date | null;
  cancelledAt: Date | null;
  expiresAt: Date;
  keyHash: string | null;
  userId: string | null;
  teamId: string | null;
}

export interface NewStoredBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  requestId: string;
  total: number;
  expiresAt: Date;
  metadata?: Record<string, string>;
  keyHash?: string;
  userId?: string;
  teamId?: string;
}

export type BatchEndStatus = 'completed' | 'cancelled' | 'failed' | 'expired';

export interface BatchStore {
  insert(batch: NewStoredBatch): Promise<StoredBatch>;
  find(id: string, scope: FileScope): Promise<StoredBatch | undefined>;
  list(listing: { scope: FileScope; limit: number; after?: string }): Promise<StoredBatch[]>;
  /** Asks a running batch to stop; undefined when not within the scope, the batch as it is when it already ended. */
  cancel(id: string, scope: FileScope): Promise<StoredBatch | undefined>;
  /** The oldest open batch whose lease is free, leased to `owner`. */
  claim(owner: string, leaseMs: number): Promise<StoredBatch | undefined>;
  renew(id: string, owner: string, leaseMs: number): Promise<{ held: boolean; status?: string }>;
  answered(id: string): Promise<Set<number>>;
  record(id: string, line: { lineIndex: number; failed: boolean; outcome: Record<string, unknown> }): Promise<void>;
  /** Writes the output and error files and ends the batch (only the lease's holder can). */
  finish(id: string, owner: string, end: { status: BatchEndStatus; owner: { keyHash: string | null; userId: string | null; teamId: string | null }; errors?: Record<string, unknown> }): Promise<StoredBatch | undefined>;
}
