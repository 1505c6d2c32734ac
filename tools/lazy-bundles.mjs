// Side bundles for the packages our code loads on use (`loadOnUse(() => require('<id>'), '<id>')`).
//
// Bundled into main.mjs, such a package is never evaluated until used, but its source still is: V8 keeps the
// whole bundle's text in the heap and pre-parses all of it at start. Out of main.mjs, in `lazy/<group>.cjs`
// beside it, a gateway that never uses it holds none of it (#19: the gateway's idle resident memory went from
// 134 to 124 MB).
//
// Every `require('<package>')` call in our own source is such a load (source-shape.test.ts holds that only
// loadOnUse calls require), so the list needs no upkeep. Packages of one npm scope share a group: the
// OpenTelemetry SDK's parts hand their objects to each other and must come from one copy of their common code.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The side bundle a package id goes to: its scope for a scoped package, else its name (`libphonenumber-js/max` → `libphonenumber-js`). */
export function lazyGroupOf(id) {
  const first = id.split('/')[0];
  return first.startsWith('@') ? first.slice(1) : first;
}

/**
 * What an ESM bundle needs for `require()`: the CommonJS packages bundled into it call it, and so do the shims
 * below, which find `./lazy/<group>.cjs` beside the bundle.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);";

const BARE_PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.-]+)*$/i;

/**
 * The esbuild plugin for main.mjs: a `require('<package>')` from our source (libs/, apps/) becomes a shim that
 * requires `./lazy/<group>.cjs` and takes the package from it (the bundle needs ESM_REQUIRE_BANNER). `used`
 * collects group → ids for buildLazyBundles. An `import` of a package that is also loaded on use fails the
 * build: the package would then be both in main.mjs and in its side bundle, two copies with two sets of state.
 */
export function lazyBundlesPlugin(root, used) {
  const ownSource = (importer) => {
    const path = relative(root, importer).split(sep).join('/');
    return /^(libs|apps)\//.test(path);
  };
  const imported = new Set();
  return {
    name: 'lazy-bundles',
    setup(b) {
      b.onResolve({ filter: BARE_PACKAGE }, (args) => {
        if (args.kind !== 'require-call') {
          imported.add(args.path);
          return undefined;
        }
        if (!ownSource(args.importer)) return undefined;
        const group = lazyGroupOf(args.path);
        if (!used.has(group)) used.set(group, new Set());
        used.get(group).add(args.path);
        return { path: args.path, namespace: 'lazy-bundle' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-bundle' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./lazy/${lazyGroupOf(args.path)}.cjs`)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      b.onResolve({ filter: /^\.\/lazy\//, namespace: 'lazy-bundle' }, (args) => ({ path: args.path, external: true }));
      b.onEnd(() => {
        const both = [...used.values()].flatMap((ids) => [...ids]).filter((id) => imported.has(id));
        if (both.length > 0) throw new Error(`imported and also loaded on use (one or the other): ${both.join(', ')}`);
      });
    },
  };
}

/**
 * One CommonJS bundle per group in `<outdir>/lazy/`: its exports are the group's package ids, each evaluated
 * the first time it is read, so loading the OpenTelemetry group for its core does not evaluate its exporter.
 */
export async function buildLazyBundles(root, outdir, used, options) {
  // `options`: the app's shared esbuild options (target, minification, externals), without format or banner.
  const lazyDir = join(outdir, 'lazy');
  rmSync(lazyDir, { recursive: true, force: true });
  if (used.size === 0) return;
  mkdirSync(lazyDir, { recursive: true });
  for (const [group, ids] of used) {
    const contents = ['const loaded = {};', ...[...ids].sort().map((id) => `Object.defineProperty(exports, ${JSON.stringify(id)}, { enumerable: true, get: () => (loaded[${JSON.stringify(id)}] ??= require(${JSON.stringify(id)})) });`)].join('\n');
    await build({ ...options, stdin: { contents, resolveDir: root, sourcefile: `lazy-${group}.cjs`, loader: 'js' }, outfile: join(lazyDir, `${group}.cjs`), format: 'cjs' });
  }
}
