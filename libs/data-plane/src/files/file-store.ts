import type { NewStoredFile, OwnerScope } from '@switchboard/contracts';

/** Whose files a caller reaches (file-scope.ts decides it for a principal). */
export type FileScope = OwnerScope;

export interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  bytes: number;
  createdAt: Date;
  expiresAt: Date | null;
}

export type { NewStoredFile };

/**
 * Where the files API keeps files: the database (the gateway binds @switchboard/db's files repository to it in
 * connect-state.ts). The data plane knows only this shape, so it stays free of the database library.
 */
export interface FileStore {
  insert(file: NewStoredFile): Promise<StoredFile>;
  find(id: string, scope: FileScope): Promise<StoredFile | undefined>;
  content(id: string, scope: FileScope): Promise<Buffer | undefined>;
  list(listing: { scope: FileScope; purpose?: string; limit: number; after?: string; order: 'asc' | 'desc' }): Promise<StoredFile[]>;
  delete(id: string, scope: FileScope): Promise<boolean>;
}
