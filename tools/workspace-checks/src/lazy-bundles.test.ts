import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { buildLazyBundles, ESM_REQUIRE_BANNER, lazyBundlesPlugin, lazyGroupOf } from '../../lazy-bundles.mjs';

const fixture = resolve(import.meta.dirname, '../fixtures/lazy-bundles');
const out = mkdtempSync(join(tmpdir(), 'lazy-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What tools/build-app.mjs does for an app, on the fixture's entry. */
async function bundle(entry: string, outdir: string): Promise<Map<string, Set<string>>> {
  const used = new Map<string, Set<string>>();
  const shared = { bundle: true, platform: 'node' as const, target: 'node20', logLevel: 'silent' as const, minifyWhitespace: true };
  await build({
    ...shared,
    entryPoints: [join(fixture, 'libs/demo/src', entry)],
    outfile: join(outdir, 'main.mjs'),
    format: 'esm',
    banner: { js: ESM_REQUIRE_BANNER },
    plugins: [lazyBundlesPlugin(fixture, used)],
  });
  await buildLazyBundles(fixture, outdir, used, shared);
  return used;
}

describe('lazy side bundles', () => {
  it('groups a scoped package by its scope and another by its name', () => {
    expect(lazyGroupOf('@opentelemetry/core')).toBe('opentelemetry');
    expect(lazyGroupOf('@aws-sdk/client-s3')).toBe('aws-sdk');
    expect(lazyGroupOf('libphonenumber-js/max')).toBe('libphonenumber-js');
    expect(lazyGroupOf('yaml')).toBe('yaml');
  });

  it('moves what is loaded on use out of main.mjs, and loads it from lazy/ only when asked', async () => {
    const dir = join(out, 'demo');
    const used = await bundle('main.ts', dir);
    expect([...used.keys()].sort()).toEqual(['libphonenumber-js', 'opentelemetry']);
    expect(readdirSync(join(dir, 'lazy')).sort()).toEqual(['libphonenumber-js.cjs', 'opentelemetry.cjs']);
    const main = readFileSync(join(dir, 'main.mjs'), 'utf8');
    // The imported package is in main.mjs; the ones loaded on use are not (libphonenumber's metadata alone is ~150 KB).
    expect(main).toContain('yaml');
    expect(main.length).toBeLessThan(400_000);
    expect(main).not.toContain('W3CTraceContextPropagator');

    const sideFiles = () => Object.keys(createRequire(import.meta.url).cache).filter((file) => file.startsWith(join(dir, 'lazy')));
    const demo = await import(pathToFileURL(join(dir, 'main.mjs')).href);
    expect(demo.config).toEqual({ a: 1 });
    expect(sideFiles()).toEqual([]);

    const phone = demo.loadPhoneNumbers();
    expect(phone.parsePhoneNumberFromString('+14155552671').country).toBe('US');
    expect(sideFiles()).toEqual([join(dir, 'lazy/libphonenumber-js.cjs')]);

    // One scope, one copy: the SDK's parts hand objects to each other.
    const core = demo.loadOtelCore();
    const resources = demo.loadOtelResources();
    expect(typeof core.W3CTraceContextPropagator).toBe('function');
    expect(resources.resourceFromAttributes({ 'service.name': 'x' }).attributes['service.name']).toBe('x');
    expect(sideFiles().sort()).toEqual([join(dir, 'lazy/libphonenumber-js.cjs'), join(dir, 'lazy/opentelemetry.cjs')]);
  });

  it('refuses a package that is both imported and loaded on use', async () => {
    await expect(bundle('both.ts', join(out, 'both'))).rejects.toThrow(/imported and also loaded on use.*yaml/s);
  });

  it('builds no lazy/ folder when nothing is loaded on use, and clears an old one', async () => {
    // Its own build, so the test stands alone (it does not lean on the test above having run).
    const dir = join(out, 'clear');
    await bundle('main.ts', dir);
    expect(existsSync(join(dir, 'lazy'))).toBe(true);
    await buildLazyBundles(fixture, dir, new Map(), {});
    expect(existsSync(join(dir, 'lazy'))).toBe(false);
  });
});
