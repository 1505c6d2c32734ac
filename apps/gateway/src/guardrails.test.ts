import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { moderateThroughGateway } from '@switchboard/data-plane';
import { createGuardrails } from '@switchboard/guardrails';
import { spendRowFromCall } from '@switchboard/spend';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayCore, mountGatewayRoutes } from './app.ts';
import { sendJson } from './testing/anthropic-fixtures.ts';
import { chatCompletion, FakeOpenAiUpstream, sseChunks, writeSse } from './testing/fake-openai-upstream.ts';

const MASTER = 'sk-master-guardrails';
const EMAIL = 'jane.doe@example.com';

describe('guardrails in the call pipeline', () => {
  const upstream = new FakeOpenAiUpstream();
  const settled: CallRecord[] = [];
  let gateway: RunningService;
  let base: string;

  beforeAll(async () => {
    await upstream.start();
    // Echoes the last user message, so what the upstream saw comes back in the answer.
    upstream
      .on('/v1/chat/completions', (call, res) => {
        const messages = call.body.messages as { content: string }[];
        const echo = `You said: ${messages.at(-1)?.content ?? ''}`;
        if (call.body.stream) return writeSse(res, sseChunks(String(call.body.model), echo.match(/.{1,4}/gs) ?? []));
        sendJson(res, chatCompletion(String(call.body.model), echo));
      })
      .on('/v1/moderations', (call, res) => sendJson(res, { id: 'modr-1', model: call.body.model, results: [{ flagged: JSON.stringify(call.body.input).includes('violent'), categories: { violence: JSON.stringify(call.body.input).includes('violent') } }] }));
    const rawGuardrails = [
      { guardrail_name: 'pii', litellm_params: { guardrail: 'switchboard_pii', mode: ['pre_call', 'post_call'], default_on: true, pii_entities_config: { EMAIL: 'mask' }, unmask_output: true } },
      { guardrail_name: 'words', litellm_params: { guardrail: 'keywords', mode: 'pre_call', keywords: ['project zeus'], action: 'block' } },
      { guardrail_name: 'no-secrets-out', litellm_params: { guardrail: 'keywords', mode: 'post_call', keywords: ['classified'], action: 'block' } },
      { guardrail_name: 'moderation', litellm_params: { guardrail: 'openai_moderation', mode: 'during_call', model: 'moderator' } },
    ];
    const config = buildGatewayConfig(
      {
        model_list: [
          { model_name: 'gpt-guarded', litellm_params: { model: 'openai/gpt-4o-mini', api_key: 'sk-upstream-guard-0123456789', api_base: `${upstream.url}/v1` } },
          { model_name: 'moderator', litellm_params: { model: 'openai/omni-moderation-latest', api_key: 'sk-upstream-guard-0123456789', api_base: `${upstream.url}/v1` } },
        ],
        guardrails: rawGuardrails,
        general_settings: { master_key: MASTER },
      },
      {},
    );
    const logger = createLogger('test', { level: 'silent' });
    const core = createGatewayCore(config, logger);
    const guardrails = createGuardrails(config.sections.guardrails, { moderate: moderateThroughGateway });
    mountGatewayRoutes(core, { guardrails, onSettled: (record) => void settled.push(record) });
    gateway = await runService(core.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 1000 });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway?.shutdown('test');
    await upstream.stop();
  });

  const chat = (content: string, extra: Record<string, unknown> = {}) =>
    fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-guarded', messages: [{ role: 'user', content }], ...extra }) });
  const lastUpstreamPrompt = () => JSON.stringify(upstream.calls.filter((call) => call.path.endsWith('/chat/completions')).at(-1)?.body.messages);

  it('masks PII before the upstream sees it and restores it in the answer, saying which guardrails applied', async () => {
    const res = await chat(`Write to ${EMAIL} please`);
    expect(res.status).toBe(200);
    expect(lastUpstreamPrompt()).not.toContain(EMAIL);
    expect(lastUpstreamPrompt()).toContain('[EMAIL_1]');
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe(`You said: Write to ${EMAIL} please`);
    expect(res.headers.get('x-litellm-applied-guardrails')?.split(',')).toContain('pii');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const record = settled.filter((r) => r.route === '/chat/completions').at(-1)!;
    expect(record.guardrails?.some((g) => g.guardrail === 'pii' && g.action === 'masked')).toBe(true);
    expect(JSON.stringify(spendRowFromCall({ ...record, principal: { kind: 'virtual_key', keyHash: 'h' } })?.metadata)).toContain('"guardrails"');
  });

  it('restores a masked value split across stream chunks', async () => {
    const res = await chat(`Mail ${EMAIL} now`, { stream: true });
    const text = await res.text();
    const content = text
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => (JSON.parse(frame.slice(6)) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
      .join('');
    expect(content).toBe(`You said: Mail ${EMAIL} now`);
    expect(lastUpstreamPrompt()).not.toContain(EMAIL);
  });

  it('blocks a request that adds a keyword guardrail, with a 400 that names the guardrail and not the match; the upstream is never called', async () => {
    const before = upstream.calls.length;
    const res = await chat('Tell me about Project Zeus', { guardrails: ['words'] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; param: string; message: string } };
    expect(body.error.code).toBe('guardrail_violation');
    expect(body.error.param).toBe('words');
    expect(body.error.message.toLowerCase()).not.toContain('project zeus');
    expect(upstream.calls.length).toBe(before);
  });

  it("guards each model of a fan-out as its own call: masked upstream, restored answers, a block refuses the whole request", async () => {
    const before = upstream.calls.length;
    const res = await chat(`Write to ${EMAIL}`, { model: 'gpt-guarded,moderator' });
    expect(res.status).toBe(200);
    const answers = (await res.json()) as { choices: { message: { content: string } }[] }[];
    expect(answers.map((answer) => answer.choices[0]?.message.content)).toEqual([`You said: Write to ${EMAIL}`, `You said: Write to ${EMAIL}`]);
    const prompts = upstream.calls.slice(before).filter((call) => call.path.endsWith('/chat/completions')).map((call) => JSON.stringify(call.body.messages));
    expect(prompts).toHaveLength(2);
    for (const prompt of prompts) expect(prompt).not.toContain(EMAIL);
    const blocked = await chat('Tell me about Project Zeus', { model: 'gpt-guarded,moderator', guardrails: ['words'] });
    expect(blocked.status).toBe(400);
    expect(upstream.calls.length).toBe(before + 2);
  });

  it('cannot switch off a default_on guardrail from the request', async () => {
    await chat(`Reach ${EMAIL}`, { guardrails: { pii: false } });
    expect(lastUpstreamPrompt()).not.toContain(EMAIL);
  });

  it('ends a stream with an error event when a post_call guardrail blocks mid-stream', async () => {
    const res = await chat('say classified things', { stream: true, guardrails: ['no-secrets-out'] });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('guardrail_violation');
    expect(text).not.toContain('classified');
  });

  it('runs a moderation guardrail beside the call, as an accounted sub-call, and refuses what it flags', async () => {
    const flagged = await chat('something violent', { guardrails: ['moderation'] });
    expect(flagged.status).toBe(400);
    expect(((await flagged.json()) as { error: { param: string } }).error.param).toBe('moderation');
    const fine = await chat('something calm', { guardrails: ['moderation'] });
    expect(fine.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled.some((record) => record.route === '/moderations' && record.parentRequestId !== undefined)).toBe(true);
  });

  it('answers malformed or unknown guardrail selections with a 400, never a 500', async () => {
    for (const guardrails of [5, 'pii', ['no-such-guardrail'], [{ nested: { deep: true } }]]) {
      const res = await chat('hello', { guardrails });
      expect(res.status, JSON.stringify(guardrails)).toBe(400);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBeTruthy();
    }
  });

  it('lists guardrails and applies one to a text, for admins only', async () => {
    const admin = { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' };
    const list = (await (await fetch(`${base}/guardrails/list`, { headers: admin })).json()) as { guardrails: { guardrail_name: string }[] };
    expect(list.guardrails.map((g) => g.guardrail_name)).toEqual(['pii', 'words', 'no-secrets-out', 'moderation']);
    expect(JSON.stringify(list)).not.toContain(upstream.url);
    // LiteLLM's v2 shape and one guardrail's entry: config guardrails, named by their name.
    const v2 = await (await fetch(`${base}/v2/guardrails/list`, { headers: admin })).json();
    expect(v2.guardrails.map((g: { guardrail_id: string }) => g.guardrail_id)).toEqual(['pii', 'words', 'no-secrets-out', 'moderation']);
    expect(v2.guardrails[0]).toEqual({ ...list.guardrails[0], guardrail_id: 'pii', created_at: null, updated_at: null, guardrail_definition_location: 'config' });
    expect(JSON.stringify(v2)).not.toContain(upstream.url);
    expect(await (await fetch(`${base}/guardrails/pii/info`, { headers: admin })).json()).toEqual(v2.guardrails[0]);
    const unknown = await fetch(`${base}/guardrails/nope/info`, { headers: admin });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.type).toBeTruthy();
    for (const path of ['/v2/guardrails/list', '/guardrails/pii/info']) expect((await fetch(`${base}${path}`, { headers: { authorization: 'Bearer sk-wrong' } })).status, path).toBe(401);
    const applied = await fetch(`${base}/guardrails/apply_guardrail`, { method: 'POST', headers: admin, body: JSON.stringify({ guardrail_name: 'pii', text: `mail ${EMAIL}` }) });
    expect(((await applied.json()) as { response_text: string }).response_text).toBe('mail [EMAIL_1]');
    const bad = await fetch(`${base}/guardrails/apply_guardrail`, { method: 'POST', headers: admin, body: JSON.stringify({ text: 'x' }) });
    expect(bad.status).toBe(400);
  });
});
