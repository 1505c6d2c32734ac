import { afterAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeUpstream } from './fake-upstream.ts';
import { expectedBody } from './upstream-request-schemas.ts';

describe('fake upstream', async () => {
  const fake = await startFakeUpstream([
    { route: 'POST /v1/chat/completions', expect: { authorization: 'absent', body: expectedBody({ model: 'm', stream: true, streamUsage: 'required' }) }, reply: { sse: ['{}'] } },
  ]);
  afterAll(() => fake.close());

  it('reports requests that break its expectations, and unknown routes', async () => {
    const url = `${fake.base('https://api.openai.com/v1')}/chat/completions`;
    const wrong = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ model: 'other', api_key: 'k' }) });
    expect(wrong.statusCode).toBe(400);
    await wrong.body.dump();
    const leaky = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, stream_options: { include_usage: true }, api_key: 'k' }),
    });
    expect(leaky.statusCode).toBe(400);
    await leaky.body.dump();
    const unknown = await request(`${fake.base('https://api.openai.com/v1')}/nothing`, { method: 'POST', body: '{}' });
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
    expect(fake.problems.join('\n')).toMatch(/authorization sent/);
    expect(fake.problems.join('\n')).toMatch(/model/);
    expect(fake.problems.join('\n')).toMatch(/stream_options/);
    expect(fake.problems.join('\n')).toMatch(/api_key must not be sent/);
    expect(fake.problems.join('\n')).toMatch(/no route for POST \/v1\/nothing/);
  });

  it('replays SSE with [DONE]', async () => {
    const url = `${fake.base('https://api.openai.com/v1')}/chat/completions`;
    const ok = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', stream: true, stream_options: { include_usage: true } }) });
    expect(await ok.body.text()).toBe('data: {}\n\ndata: [DONE]\n\n');
  });
});
