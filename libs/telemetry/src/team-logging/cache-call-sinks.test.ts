import { describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../settings/parse-telemetry-settings.ts';
import { cacheCallSinks } from './cache-call-sinks.ts';
import { createCallSinksResolver } from './resolve-call-sinks.ts';

const { settings } = parseTelemetrySettings({ generalSettings: { logging_destination_allowlist: ['*.hooks.example.com'] }, env: {} });
const webhook = (endpoint: string) => ({ logging: [{ callback_name: 'generic_api', callback_vars: { generic_logger_endpoint: endpoint } }] });

describe('cacheCallSinks', () => {
  it("parses an owner's metadata once: the same sink objects every call, each problem reported once", () => {
    let resolutions = 0;
    const resolve = createCallSinksResolver(settings);
    const reported: string[] = [];
    const sinksFor = cacheCallSinks((input) => (resolutions++, resolve(input)), (problems) => reported.push(...problems));
    const owners = { key: { name: 'ci', metadata: { logging: [...webhook('https://a.hooks.example.com/in').logging, ...webhook('http://169.254.169.254/').logging] } } };
    const first = sinksFor(owners, owners);
    const second = sinksFor(owners, owners);
    expect(second).toBe(first);
    expect(first).toMatchObject([{ kind: 'generic_api', endpoint: 'https://a.hooks.example.com/in' }]);
    expect(resolutions).toBe(1);
    expect(reported).toEqual(['key ci metadata.logging[1]: destination http://169.254.169.254 is not on the logging destination allow-list']);

    // A changed key is a new context object: resolved again.
    const changed = { key: { name: 'ci', metadata: webhook('https://b.hooks.example.com/in') } };
    expect(sinksFor(changed, changed)).toMatchObject([{ endpoint: 'https://b.hooks.example.com/in' }]);
    expect(resolutions).toBe(2);
  });

  it('names an owner whose secrets could not be decrypted', () => {
    const reported: string[] = [];
    const sinksFor = cacheCallSinks(createCallSinksResolver(settings), (problems) => reported.push(...problems));
    const owners = { team: { name: 'research', metadata: webhook('https://a.hooks.example.com/in'), problem: 'cannot decrypt' } };
    sinksFor(owners, owners);
    expect(reported).toEqual(['team research: cannot decrypt']);
  });
});
