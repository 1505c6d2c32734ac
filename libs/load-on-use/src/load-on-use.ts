import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

/**
 * Loads a heavy dependency the first time it is needed, synchronously, in all three ways the code runs:
 * - in the esbuild bundles (the images), `bundled` is a literal `require('<id>')`, which esbuild bundles as a
 *   module evaluated only when called, so an unused SDK costs no start time and no resident memory;
 * - under vitest, which provides `require`, the same;
 * - under tsx (`npm start`, the replica tests), where ES modules have no `require`, Node's own require for `id`.
 * The caller keeps the result (`??=`): this is called once per dependency, not per request.
 */
export function loadOnUse<T>(bundled: () => unknown, id: string): T {
  return (typeof require === 'function' ? bundled() : nodeRequire(id)) as T;
}
