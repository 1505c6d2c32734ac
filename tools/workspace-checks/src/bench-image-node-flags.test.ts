import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// bench/image-node-flags.mjs gives the bench scripts the gateway image's V8 flags, read from its Dockerfile.
const { imageNodeFlags } = (await import(new URL('../../../bench/image-node-flags.mjs', import.meta.url).href)) as { imageNodeFlags(): string[] };
const cmd = readFileSync(new URL('../../../docker/gateway.Dockerfile', import.meta.url), 'utf8')
  .split('\n')
  .find((line) => line.startsWith('CMD ['));

describe('the bench runs the gateway with the image flags', () => {
  it('reads every flag of the CMD, in order, between node and the script', () => {
    const flags = imageNodeFlags();
    expect(flags.length).toBeGreaterThan(0);
    expect(cmd).toBe(`CMD [${['node', ...flags, 'dist/apps/gateway/main.mjs'].map((arg) => JSON.stringify(arg)).join(', ')}]`);
  });
});
