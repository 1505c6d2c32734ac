// Bundles one app into dist/apps/<name>/main.mjs with esbuild: the runtime image needs no TypeScript
// tooling and no path-alias resolver, only `node` and the packages left external below.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLazyBundles, ESM_REQUIRE_BANNER, lazyBundlesPlugin } from './lazy-bundles.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name) {
  console.error('usage: node tools/build-app.mjs <app>');
  process.exit(2);
}
const outdir = resolve(root, 'dist/apps', name);
mkdirSync(outdir, { recursive: true });

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  tsconfig: resolve(root, 'tsconfig.base.json'),
  // Optional native bindings some drivers probe for; never installed here.
  external: ['pg-native', 'cloudflare:sockets'],
  logLevel: 'warning',
  legalComments: 'none',
  // V8 keeps the whole bundle's source in the heap: whitespace and comments out (identifiers kept, so stack
  // traces stay readable), and ASCII only, since one non-ASCII character in a comment made it a two-byte
  // string (the gateway's source went from 27 MB of heap to a fraction of it).
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
};
// Packages loaded on use go to side bundles in lazy/ (tools/lazy-bundles.mjs).
const lazy = new Map();
await build({
  ...shared,
  entryPoints: [resolve(root, 'apps', name, 'src/main.ts')],
  outfile: resolve(outdir, 'main.mjs'),
  format: 'esm',
  banner: { js: ESM_REQUIRE_BANNER },
  plugins: [lazyBundlesPlugin(root, lazy)],
});
await buildLazyBundles(root, outdir, lazy, shared);
if (name === 'migrations') {
  // The job finds its SQL in drizzle/ beside the bundle (libs/db/src/migrations/migrations-folder.ts).
  rmSync(resolve(outdir, 'drizzle'), { recursive: true, force: true });
  cpSync(resolve(root, 'libs/db/drizzle'), resolve(outdir, 'drizzle'), { recursive: true });
}
// Data files the bundled code reads beside itself (`new URL('./<file>', import.meta.url)`).
const bundle = readFileSync(resolve(outdir, 'main.mjs'), 'utf8');
for (const [file, from] of [['o200k-ranks.bin.gz', 'libs/providers/src/tokens']]) {
  if (bundle.includes(`./${file}`)) cpSync(resolve(root, from, file), resolve(outdir, file));
}
console.log(`built dist/apps/${name}/main.mjs`);
