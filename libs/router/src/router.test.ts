import { describe, expect, it } from 'vitest';
import type { Deployment, RouterSettings } from '@switchboard/config';
import { ProviderError } from '@switchboard/providers';
import { Router, type RouterDeps } from './router.ts';

const settings = (overrides: Partial<RouterSettings> = {}): RouterSettings => ({
  routingStrategy: 'simple-shuffle',
  numRetries: 2,
  fallbacks: {},
  contextWindowFallbacks: {},
  contentPolicyFallbacks: {},
  defaultFallbacks: [],
  allowedFails: 3,
  cooldownMs: 30_000,
  timeoutMs: 60_000,
  retryBackoffMs: 0,
  modelGroupAlias: {},
  tagFiltering: false,
  ...overrides,
});

const deployment = (id: string, group: string, extra: Partial<Deployment> = {}): Deployment => ({
  id,
  modelGroup: group,
  provider: 'openai',
  model: id,
  timeoutMs: 1000,
  prices: {},
  params: {},
  modelInfo: {},
  source: 'config',
  ...extra,
});

const signal = () => new AbortController().signal;
const noSleep: RouterDeps['sleep'] = async () => {};
const upstream500 = () => new ProviderError('upstream_error', 502, 'boom', { upstreamStatus: 500 });

/** A fake upstream per deployment id: each returns or throws what the script says, and counts calls. */
function script(behaviour: Record<string, () => string>) {
  const calls: string[] = [];
  const call = async (d: Deployment) => {
    calls.push(d.id);
    const fn = behaviour[d.id];
    if (!fn) throw new Error(`no behaviour for ${d.id}`);
    return fn();
  };
  return { calls, call };
}

describe('retries within a group', () => {
  it('never makes more than 1 + num_retries upstream calls', async () => {
    const router = new Router(settings({ numRetries: 2 }), [deployment('a', 'g'), deployment('b', 'g')], { sleep: noSleep });
    const { calls, call } = script({ a: () => { throw upstream500(); }, b: () => { throw upstream500(); } });
    await expect(router.route('g', call, { signal: signal() })).rejects.toMatchObject({ kind: 'upstream_error' });
    expect(calls).toHaveLength(3);
  });

  it('fails over to another deployment within the same request', async () => {
    const router = new Router(settings(), [deployment('a', 'g'), deployment('b', 'g')], { sleep: noSleep, random: () => 0 });
    const { calls, call } = script({ a: () => { throw new ProviderError('upstream_unavailable', 503, 'down'); }, b: () => 'ok from b' });
    const outcome = await router.route('g', call, { signal: signal() });
    expect(outcome.result).toBe('ok from b');
    expect(outcome.deployment.id).toBe('b');
    expect(calls).toEqual(['a', 'b']);
    expect(outcome.attempts).toBe(2);
  });

  it('does not retry a bad request', async () => {
    const router = new Router(settings(), [deployment('a', 'g'), deployment('b', 'g')], { sleep: noSleep });
    const { calls, call } = script({ a: () => { throw new ProviderError('bad_request', 400, 'bad'); }, b: () => { throw new ProviderError('bad_request', 400, 'bad'); } });
    await expect(router.route('g', call, { signal: signal() })).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(1);
  });

  it('stops retrying once the client has left', async () => {
    const controller = new AbortController();
    const router = new Router(settings({ numRetries: 5 }), [deployment('a', 'g')], { sleep: noSleep });
    const { calls, call } = script({
      a: () => {
        controller.abort();
        throw upstream500();
      },
    });
    await expect(router.route('g', call, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(calls).toHaveLength(1);
  });
});

describe('cooldowns', () => {
  it('takes a deployment out after allowed_fails and sends traffic to the others', async () => {
    let now = 1_000_000;
    const events: string[] = [];
    const router = new Router(settings({ allowedFails: 1, numRetries: 1, cooldownMs: 10_000 }), [deployment('bad', 'g'), deployment('good', 'g')], {
      sleep: noSleep,
      now: () => now,
      random: () => 0,
      events: { cooldown: (d) => events.push(`cooldown ${d.id}`) },
    });
    const { calls, call } = script({ bad: () => { throw upstream500(); }, good: () => 'ok' });
    await router.route('g', call, { signal: signal() });
    await router.route('g', call, { signal: signal() });
    expect(events).toEqual(['cooldown bad']);
    calls.length = 0;
    for (let i = 0; i < 5; i++) await router.route('g', call, { signal: signal() });
    expect(calls).toEqual(['good', 'good', 'good', 'good', 'good']);
    now += 10_001;
    expect(router.stateOf('bad')?.isCoolingDown()).toBe(false);
  });

  it('cools a rate-limited deployment down at once', async () => {
    const router = new Router(settings({ allowedFails: 3 }), [deployment('a', 'g'), deployment('b', 'g')], { sleep: noSleep, random: () => 0 });
    const { call } = script({ a: () => { throw new ProviderError('rate_limit', 429, 'slow down'); }, b: () => 'ok' });
    await router.route('g', call, { signal: signal() });
    expect(router.stateOf('a')?.isCoolingDown()).toBe(true);
  });

  it('answers 503 with Retry-After when every deployment is cooling down', async () => {
    const router = new Router(settings({ allowedFails: 0, numRetries: 0, cooldownMs: 5_000 }), [deployment('a', 'g')], { sleep: noSleep });
    const { call } = script({ a: () => { throw upstream500(); } });
    await expect(router.route('g', call, { signal: signal() })).rejects.toMatchObject({ kind: 'upstream_error' });
    await expect(router.route('g', call, { signal: signal() })).rejects.toMatchObject({ status: 503, options: { retryAfterSeconds: 5 } });
  });
});

describe('fallbacks', () => {
  it('moves to the fallback group when the group is exhausted', async () => {
    const events: string[] = [];
    const router = new Router(settings({ numRetries: 1, fallbacks: { gpt: ['claude'] } }), [deployment('g1', 'gpt'), deployment('c1', 'claude')], {
      sleep: noSleep,
      events: { fallback: (from, to) => events.push(`${from}->${to}`) },
    });
    const { calls, call } = script({ g1: () => { throw upstream500(); }, c1: () => 'claude answered' });
    const outcome = await router.route('gpt', call, { signal: signal() });
    expect(outcome).toMatchObject({ result: 'claude answered', modelGroup: 'claude', fallbackFrom: 'gpt', attempts: 3 });
    expect(calls).toEqual(['g1', 'g1', 'c1']);
    expect(events).toEqual(['gpt->claude']);
  });

  it('answers the same with no fallback configured: the group\'s outcome, its ProviderError, a foreign failure as a 502', async () => {
    const router = new Router(settings({ numRetries: 1, fallbacks: { other: ['gpt'] } }), [deployment('g1', 'gpt'), deployment('g2', 'gpt')], { sleep: noSleep, random: () => 0 });
    const { call } = script({ g1: () => { throw upstream500(); }, g2: () => 'g2 answered' });
    expect(await router.route('gpt', call, { signal: signal() })).toMatchObject({ result: 'g2 answered', modelGroup: 'gpt', attempts: 2 });
    const failing = script({ g1: () => { throw upstream500(); }, g2: () => { throw upstream500(); } });
    await expect(router.route('gpt', failing.call, { signal: signal() })).rejects.toMatchObject({ kind: 'upstream_error', status: 502, message: 'boom' });
    // A backoff that fails with something other than a ProviderError still reaches the caller as one.
    const broken = new Router(settings({ numRetries: 1 }), [deployment('g1', 'gpt')], { sleep: () => Promise.reject(new Error('timer gone')) });
    const rejected = await broken.route('gpt', failing.call, { signal: signal() }).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(ProviderError);
    expect(rejected).toMatchObject({ kind: 'upstream_error', status: 502 });
  });

  it('uses context-window fallbacks on a context error, without retrying the same group', async () => {
    const router = new Router(settings({ contextWindowFallbacks: { small: ['large'] }, fallbacks: { small: ['other'] } }), [deployment('s', 'small'), deployment('l', 'large'), deployment('o', 'other')], { sleep: noSleep });
    const { calls, call } = script({ s: () => { throw new ProviderError('context_window_exceeded', 400, 'too long'); }, l: () => 'large', o: () => 'other' });
    const outcome = await router.route('small', call, { signal: signal() });
    expect(outcome.result).toBe('large');
    expect(calls).toEqual(['s', 'l']);
  });

  it('uses content-policy fallbacks on a content-policy error', async () => {
    const router = new Router(settings({ contentPolicyFallbacks: { a: ['b'] } }), [deployment('a1', 'a'), deployment('b1', 'b')], { sleep: noSleep });
    const { call } = script({ a1: () => { throw new ProviderError('content_policy', 400, 'blocked'); }, b1: () => 'b' });
    expect((await router.route('a', call, { signal: signal() })).result).toBe('b');
  });
});

describe('limits and strategies', () => {
  it("respects each deployment's rpm and answers 429 when all are full", async () => {
    const router = new Router(settings({ numRetries: 0 }), [deployment('a', 'g', { rpm: 2 }), deployment('b', 'g', { rpm: 1 })], { sleep: noSleep, now: () => 5_000 });
    const { calls, call } = script({ a: () => 'a', b: () => 'b' });
    for (let i = 0; i < 3; i++) (await router.route('g', call, { signal: signal() })).finish();
    expect(calls.sort()).toEqual(['a', 'a', 'b']);
    await expect(router.route('g', call, { signal: signal() })).rejects.toMatchObject({ status: 429, options: { retryAfterSeconds: 55 } });
  });

  it('respects tpm with the estimated tokens', async () => {
    const router = new Router(settings({ numRetries: 0 }), [deployment('a', 'g', { tpm: 1000 })], { sleep: noSleep });
    const { call } = script({ a: () => 'a' });
    (await router.route('g', call, { signal: signal(), estimatedTokens: 600 })).finish(600);
    await expect(router.route('g', call, { signal: signal(), estimatedTokens: 600 })).rejects.toMatchObject({ status: 429 });
  });

  it('shuffles by weight', async () => {
    let r = 0;
    const randoms = [0.1, 0.5, 0.85, 0.95];
    const router = new Router(settings(), [deployment('heavy', 'g', { weight: 9 }), deployment('light', 'g', { weight: 1 })], { sleep: noSleep, random: () => randoms[r++ % randoms.length] as number });
    const { calls, call } = script({ heavy: () => 'h', light: () => 'l' });
    for (let i = 0; i < 4; i++) (await router.route('g', call, { signal: signal() })).finish();
    expect(calls).toEqual(['heavy', 'heavy', 'heavy', 'light']);
  });

  it('least-busy picks the deployment with the fewest calls in flight', async () => {
    const router = new Router(settings({ routingStrategy: 'least-busy' }), [deployment('a', 'g'), deployment('b', 'g')], { sleep: noSleep, random: () => 0 });
    const { calls, call } = script({ a: () => 'a', b: () => 'b' });
    const first = await router.route('g', call, { signal: signal() });
    await router.route('g', call, { signal: signal() });
    expect(calls).toEqual(['a', 'b']);
    first.finish();
  });

  it('latency-based tries untried deployments first, then the fastest', async () => {
    let now = 0;
    const router = new Router(settings({ routingStrategy: 'latency-based-routing' }), [deployment('slow', 'g'), deployment('fast', 'g')], { sleep: noSleep, now: () => now, random: () => 0 });
    const call = async (d: Deployment) => {
      now += d.id === 'slow' ? 500 : 20;
      return d.id;
    };
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await router.route('g', call, { signal: signal() });
      outcome.finish();
      seen.push(outcome.result);
    }
    expect(seen.slice(0, 2).sort()).toEqual(['fast', 'slow']);
    expect(seen.slice(2)).toEqual(['fast', 'fast']);
  });

  it('answers 404 for an unknown model and resolves aliases', async () => {
    const router = new Router(settings({ modelGroupAlias: { 'gpt-4': 'gpt-4o' } }), [deployment('a', 'gpt-4o')], { sleep: noSleep });
    const { call } = script({ a: () => 'a' });
    await expect(router.route('nope', call, { signal: signal() })).rejects.toMatchObject({ status: 404, options: { code: 'model_not_found' } });
    expect((await router.route('gpt-4', call, { signal: signal() })).modelGroup).toBe('gpt-4o');
  });

  it('routes on new settings once they are replaced (/config/update), keeping deployments and their state', async () => {
    const router = new Router(settings({ numRetries: 0 }), [deployment('a', 'gpt-4o'), deployment('b', 'claude')], { sleep: noSleep });
    const { calls, call } = script({ a: () => {
      throw upstream500();
    }, b: () => 'b' });
    await expect(router.route('gpt-4o', call, { signal: signal() })).rejects.toMatchObject({ status: 502 });
    expect(router.resolveGroup('gpt-4')).toBeUndefined();
    router.updateSettings(settings({ numRetries: 0, fallbacks: { 'gpt-4o': ['claude'] }, modelGroupAlias: { 'gpt-4': 'gpt-4o' } }));
    expect(router.resolveGroup('gpt-4')).toBe('gpt-4o');
    const outcome = await router.route('gpt-4', call, { signal: signal() });
    expect(outcome.result).toBe('b');
    expect(calls).toEqual(['a', 'a', 'b']);
    expect(router.currentSettings().fallbacks).toEqual({ 'gpt-4o': ['claude'] });
  });
});

describe("the request's own router controls", () => {
  const ok = () => 'ok';
  const fail = () => {
    throw upstream500();
  };

  it('fallbacks from the request replace the configured ones, in order', async () => {
    const router = new Router(settings({ numRetries: 0, fallbacks: { g: ['configured'] } }), [deployment('a', 'g'), deployment('c', 'configured'), deployment('x', 'first'), deployment('y', 'second')], { sleep: noSleep });
    const { calls, call } = script({ a: fail, c: ok, x: fail, y: ok });
    const outcome = await router.route('g', call, { signal: signal(), fallbacks: ['first', 'second'] });
    expect(outcome).toMatchObject({ modelGroup: 'second', fallbackFrom: 'g' });
    expect(calls).toEqual(['a', 'x', 'y']);
  });

  it("an empty list from the request means no fallback; disable_fallbacks stops every kind", async () => {
    const router = new Router(settings({ numRetries: 0, fallbacks: { g: ['configured'] }, contextWindowFallbacks: { g: ['configured'] } }), [deployment('a', 'g'), deployment('c', 'configured')], { sleep: noSleep });
    const { calls, call } = script({ a: fail, c: ok });
    await expect(router.route('g', call, { signal: signal(), fallbacks: [] })).rejects.toMatchObject({ kind: 'upstream_error' });
    const tooLong = script({ a: () => { throw new ProviderError('context_window_exceeded', 400, 'long'); }, c: ok });
    await expect(router.route('g', tooLong.call, { signal: signal(), noFallbacks: true })).rejects.toMatchObject({ kind: 'context_window_exceeded' });
    expect(calls).toEqual(['a']);
    expect(tooLong.calls).toEqual(['a']);
  });

  it("num_retries from the request stands for the deployment's and the router's", async () => {
    const router = new Router(settings({ numRetries: 0 }), [deployment('a', 'g', { numRetries: 0 })], { sleep: noSleep });
    const { calls, call } = script({ a: fail });
    await expect(router.route('g', call, { signal: signal(), numRetries: 3 })).rejects.toMatchObject({ kind: 'upstream_error' });
    expect(calls).toEqual(['a', 'a', 'a', 'a']);
  });

  it('a simulated first attempt is counted and then retried for real, touching no deployment state', async () => {
    const router = new Router(settings({ numRetries: 0, allowedFails: 1 }), [deployment('a', 'g', { numRetries: 50 })], { sleep: noSleep });
    const { calls, call } = script({ a: ok });
    const progress = { attempts: 0, fallbacks: 0, deployment: undefined };
    const outcome = await router.route('g', call, { signal: signal(), progress, failFirstAttempt: new ProviderError('rate_limit', 429, 'mock') });
    expect(outcome.attempts).toBe(2);
    expect(calls).toEqual(['a']);
    expect(progress).toMatchObject({ attempts: 2, fallbacks: 0, deployment: { id: 'a' } });
    expect(router.stateOf('a')?.isCoolingDown()).toBe(false);
  });

  it('a simulated first attempt with no retry allowed goes to the fallbacks', async () => {
    const router = new Router(settings({ numRetries: 0, fallbacks: { g: ['other'] } }), [deployment('a', 'g'), deployment('o', 'other')], { sleep: noSleep });
    const { calls, call } = script({ a: ok, o: ok });
    const progress = { attempts: 0, fallbacks: 0, deployment: undefined };
    const outcome = await router.route('g', call, { signal: signal(), progress, failFirstAttempt: new ProviderError('rate_limit', 429, 'mock') });
    expect(outcome).toMatchObject({ modelGroup: 'other', attempts: 2 });
    expect(calls).toEqual(['o']);
    expect(progress).toMatchObject({ attempts: 2, fallbacks: 1 });
  });
});

describe('tag routing (enable_tag_filtering)', () => {
  const deployments = [deployment('a', 'g', { tags: ['teamA'] }), deployment('b', 'g', { tags: ['teamB', 'paid'] }), deployment('d', 'g', { tags: ['default'] })];
  const { call } = script({ a: () => 'a', b: () => 'b', d: () => 'd' });
  const picks = async (router: Router, tags?: string[]) => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add((await router.route('g', call, { signal: signal(), ...(tags ? { tags } : {}) })).result);
    return [...seen].sort();
  };

  it("sends a tagged request to the deployments with one of its tags, else to the default ones, and an untagged one to the default ones", async () => {
    const router = new Router(settings({ tagFiltering: true }), deployments, { sleep: noSleep });
    expect(await picks(router, ['teamA'])).toEqual(['a']);
    expect(await picks(router, ['paid', 'other'])).toEqual(['b']);
    expect(await picks(router, ['nobody'])).toEqual(['d']);
    expect(await picks(router)).toEqual(['d']);
  });

  it('refuses a tagged request no deployment serves when none is default, and ignores tags when filtering is off', async () => {
    const router = new Router(settings({ tagFiltering: true }), deployments.slice(0, 2), { sleep: noSleep });
    await expect(router.route('g', call, { signal: signal(), tags: ['nobody'] })).rejects.toMatchObject({ status: 400, options: { code: 'no_deployment_for_tags', param: 'tags' } });
    // Untagged, with no default deployment: any of them.
    expect(await picks(router)).toEqual(['a', 'b']);
    router.updateSettings(settings({ tagFiltering: false }));
    expect(router.currentSettings().tagFiltering).toBe(false);
    expect(await picks(router, ['nobody'])).toEqual(['a', 'b']);
  });
});
