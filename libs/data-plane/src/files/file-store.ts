/**
 * Where the files API keeps files: the database (the gateway binds @switchboard/db's files repository to it in
 * connect-state.ts). The data plane knows only this shape, so it stays free of the database library.
 */
export type FileScope = 'all' | { teamId: string } | { userId: string } | { keyHash: string };

export interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  bytes: number;
  createdAt: Date;
  expiresAt: Date | null;
}

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

export interface FileStore {
  insert(file: NewStoredFile): Promise<StoredFile>;
  find(id: string, scope: FileScope): Promise<StoredFile | undefined>;
  content(id: string, scope: FileScope): Promise<Buffer | undefined>;
  list(listing: { scope: FileScope; purpose?: string; limit: number; after?: string; order: 'asc' | 'desc' }): Promise<StoredFile[]>;
  delete(id: string, scope: FileScope): Promise<boolean>;
}
