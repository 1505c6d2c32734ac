/**
 * The database cannot hold the semantic cache: the server has no pgvector (`vector`) extension, or it has
 * one this role may not install. The gateway reports it at startup and keeps serving with the cache off.
 */
export class SemanticCacheUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `the semantic cache (cache_params.type: pgvector-semantic) needs the pgvector extension: ${reason}. ` +
        'Install pgvector on the PostgreSQL server (the `vector` extension, e.g. the postgresql-<version>-pgvector package) ' +
        'and let a superuser run `CREATE EXTENSION vector`, or use cache_params.type `local` or `redis`',
    );
    this.name = 'SemanticCacheUnavailableError';
  }
}

/** The semantic cache table was made for another embedding size (the embedding model changed). */
export class SemanticCacheDimensionMismatchError extends Error {
  readonly existingDimensions: number;
  readonly requestedDimensions: number;

  constructor(table: string, existingDimensions: number, requestedDimensions: number) {
    super(
      `the semantic cache table ${table} holds ${existingDimensions}-dimensional embeddings but the embedding model gives ${requestedDimensions}: ` +
        `drop the table (its entries are only a cache) with \`DROP TABLE ${table}\` and restart, or go back to the previous embedding model`,
    );
    this.name = 'SemanticCacheDimensionMismatchError';
    this.existingDimensions = existingDimensions;
    this.requestedDimensions = requestedDimensions;
  }
}
