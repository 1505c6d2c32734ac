import { deleteSemanticCache, flushSemanticCache, lookupSemanticCache, storeSemanticCache, type OpenedDatabase } from '@switchboard/db';
import { readCachedAnswer, type SemanticIndex } from '@switchboard/response-cache';

/** The semantic cache's index on PostgreSQL's pgvector (the table ensureSemanticCacheSchema made at start). */
export function pgvectorSemanticIndex(database: OpenedDatabase): SemanticIndex {
  const { db } = database;
  return {
    async search(query) {
      const found = await lookupSemanticCache(db, query);
      const answer = found ? readCachedAnswer(found.entry) : undefined;
      return found && answer ? { cacheKey: found.cacheKey, answer, similarity: found.similarity } : undefined;
    },
    store: ({ answer, ...entry }) => storeSemanticCache(db, { ...entry, entry: answer }),
    delete: (keys) => deleteSemanticCache(db, keys),
    flush: () => flushSemanticCache(db),
    async ping() {
      const state = await database.check();
      if (!state.ok) throw new Error(`database ${state.detail}`);
    },
  };
}
