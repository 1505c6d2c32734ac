// `npm run bench`: one run, one machine, every target measured the same way (see README "Benchmarks").
// Load generator (wrk) and the fake upstream share core 0; the proxy under test runs alone on core 1.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageNodeFlags } from './image-node-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const quick = process.argv.includes('--quick');
/**
 * Every cell is measured in interleaved rounds (each target in turn, round after round) and reported as the
 * median over the rounds; comparisons between targets (added latency, throughput ratios) are the median of
 * the per-round comparisons, so a drift of the machine's speed between rounds cancels out.
 */
const ROUNDS = quick ? 2 : 5;
/** Seconds per target per round: throughput at 64 connections, and latency at one connection. */
const ROUND_SECONDS = quick ? 2 : 3;
const LATENCY_SECONDS = quick ? 2 : 3;
/** Sequential streams per target per round for time to first token. */
const TTFT_SAMPLES = quick ? 60 : 100;
const WARMUP = quick ? 1 : 3;
/** Requests after the memory baseline (issue #19: growth < 5% over 200k requests after warm-up); half as many, at most 50k, warm up. */
const MEMORY_REQUESTS = quick ? 20_000 : 200_000;
const UPSTREAM_PORT = 18_000;
/** The image's V8 flags (docker/gateway.Dockerfile's CMD). */
const GATEWAY_NODE_FLAGS = imageNodeFlags();
const MASTER_KEY = 'sk-bench-master';

for (const tool of ['wrk', 'taskset']) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is missing: apt-get install -y ${tool === 'wrk' ? 'wrk' : 'util-linux'}`);
    process.exit(2);
  }
}
if (!existsSync(join(root, 'dist/apps/gateway/main.mjs'))) {
  console.error('dist/apps/gateway/main.mjs is missing: the bench script builds it first (npm run bench)');
  process.exit(2);
}

const children = [];
function start(name, args, env = {}, core = '1') {
  const child = spawn('taskset', ['-c', core, process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(url, headers = {}) {
  for (let i = 0; i < 150; i++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }] }) });
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} never answered 200`);
}

const work = mkdtempSync(join(tmpdir(), 'sb-bench-'));
const config = join(work, 'config.yaml');
writeFileSync(config, `model_list:\n  - model_name: bench-model\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_key: sk-upstream-bench\n      api_base: http://127.0.0.1:${UPSTREAM_PORT}/v1\n    model_info: { input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006 }\nrouter_settings: { num_retries: 0 }\n`);

const upstreamUrl = `http://127.0.0.1:${UPSTREAM_PORT}`;
// The response cache's cells: the same gateway with `litellm_settings.cache` on (in process, or Redis).
const cacheConfig = (params) => {
  const file = join(work, `config-cache-${params.type}.yaml`);
  writeFileSync(file, `${readFileSync(config, 'utf8')}litellm_settings: { cache: true, cache_params: ${JSON.stringify(params)} }\n`);
  return file;
};
const gatewayTarget = (name, port, configFile, { env = {}, ...extra } = {}) => ({
  name,
  port,
  headers: { authorization: `Bearer ${MASTER_KEY}` },
  args: [...GATEWAY_NODE_FLAGS, join(root, 'dist/apps/gateway/main.mjs')],
  env: { PORT: String(port), HOST: '127.0.0.1', CONFIG_FILE_PATH: configFile, SWITCHBOARD_MASTER_KEY: MASTER_KEY, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
  ...extra,
});
/** A config with extra top-level YAML (tracing callbacks, guardrails). */
const configWith = (name, yaml) => {
  const file = join(work, `config-${name}.yaml`);
  writeFileSync(file, `${readFileSync(config, 'utf8')}${yaml}\n`);
  return file;
};
const OTLP_PORT = 18010;
/** A 1 KB prompt with an email in it: what a PII guardrail has to scan. */
const ONE_KB_PROMPT = `Please summarise this note for the team and reply to jane.doe@example.com with the outcome. ${'The quarterly review covered hiring, budgets and the roadmap for the next two releases. '.repeat(11)}`.slice(0, 1024);

// The enforced gateway needs a database (keys, spend) and Redis (shared limits): the local ones.
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const benchDb = `switchboard_bench_${Date.now()}`;
const VIRTUAL_KEY = 'sk-bench-virtual-key-0123456789';
let enforced;
try {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${benchDb}"`);
  await admin.end();
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${benchDb}`);
  const migrated = spawnSync(process.execPath, [join(root, 'dist/apps/migrations/main.mjs')], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  if (migrated.status !== 0) throw new Error('migrations failed');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const hash = createHash('sha256').update(VIRTUAL_KEY).digest('hex');
  // Limits high enough never to refuse, so the numbers show the cost of checking them, not refusals.
  await db.query(`insert into keys (hash, key_name, alias, max_budget, rpm_limit, tpm_limit, max_parallel_requests) values ($1, 'sk-...6789', 'bench', 1000000, 100000000, 10000000000, 100000)`, [hash]);
  await db.end();
  enforced = { databaseUrl };
} catch (error) {
  console.error(`skipping the enforced gateway (needs the local PostgreSQL and Redis): ${error.message}`);
}
// Measured in this order each round: the targets the report compares (floor, gateway, enforced gateway,
// Portkey) next to each other, so they are measured seconds apart.
const targets = [
  { name: 'direct (no proxy)', port: UPSTREAM_PORT, headers: {} },
  { name: 'undici floor', port: 18001, headers: {}, args: [join(here, 'proxies/undici-floor.mjs'), '18001', upstreamUrl] },
  {
    name: 'Switchboard gateway',
    port: 18004,
    headers: { authorization: `Bearer ${MASTER_KEY}` },
    // The same V8 flags as the image (GATEWAY_NODE_FLAGS).
    args: [...GATEWAY_NODE_FLAGS, join(root, 'dist/apps/gateway/main.mjs')],
    env: { PORT: '18004', HOST: '127.0.0.1', CONFIG_FILE_PATH: config, SWITCHBOARD_MASTER_KEY: MASTER_KEY, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    gateway: true,
  },
  ...(enforced
    ? [
        {
          name: 'Switchboard + key, limits, spend',
          port: 18006,
          headers: { authorization: `Bearer ${VIRTUAL_KEY}` },
          args: [...GATEWAY_NODE_FLAGS, join(root, 'dist/apps/gateway/main.mjs')],
          env: { PORT: '18006', HOST: '127.0.0.1', CONFIG_FILE_PATH: config, SWITCHBOARD_MASTER_KEY: MASTER_KEY, LOG_LEVEL: 'warn', NODE_ENV: 'production', DATABASE_URL: enforced.databaseUrl, REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', SPEND_JOURNAL_DIR: join(work, 'journal') },
        },
      ]
    : []),
  // Every request the same: after the first, each is an exact hit.
  gatewayTarget('Switchboard, cache hit (local)', 18007, cacheConfig({ type: 'local' })),
  ...(enforced ? [gatewayTarget('Switchboard, cache hit (Redis)', 18008, cacheConfig({ type: 'redis', url: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', namespace: `bench-${Date.now()}` }))] : []),
  // Every request body distinct: each is a miss that is looked up, then stored.
  gatewayTarget('Switchboard, cache miss (local)', 18009, cacheConfig({ type: 'local' }), { distinctBodies: true }),
  // Tracing on with the always-on sampler, every span exported to a local OTLP receiver.
  gatewayTarget('Switchboard, tracing on', 18011, configWith('otel', 'litellm_settings: { callbacks: [otel] }'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_PORT}`, OTEL_TRACES_SAMPLER: 'always_on' } }),
  // A pre_call PII guardrail on a 1 KB prompt, against the gateway without guardrails on the same prompt.
  gatewayTarget('Switchboard, 1 KB prompt', 18012, config, { prompt: ONE_KB_PROMPT }),
  gatewayTarget('Switchboard, PII guardrail, 1 KB prompt', 18013, configWith('pii', 'guardrails: [{ guardrail_name: pii, litellm_params: { guardrail: switchboard_pii, mode: pre_call, default_on: true } }]'), { prompt: ONE_KB_PROMPT }),
  {
    name: 'Portkey gateway',
    port: 18005,
    headers: { authorization: 'Bearer sk-upstream-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` },
    args: [join(here, 'node_modules/@portkey-ai/gateway/build/start-server.js'), '--port=18005', '--headless'],
    env: { NODE_ENV: 'production' },
  },
  { name: 'Express no-op proxy', port: 18002, headers: {}, args: [join(here, 'proxies/express-noop.mjs'), '18002', upstreamUrl] },
  { name: 'Express + http-proxy-middleware', port: 18003, headers: {}, args: [join(here, 'proxies/express-hpm.mjs'), '18003', upstreamUrl] },
];

// BENCH_TARGETS='name;name': only those targets (and the direct upstream, the floor and the plain gateway, which
// every comparison needs), for a quicker A/B of one change.
const only = process.env.BENCH_TARGETS?.split(';').map((name) => name.trim());
if (only) targets.splice(0, targets.length, ...targets.filter((target) => ['direct (no proxy)', 'undici floor', 'Switchboard gateway', ...only].includes(target.name)));

/** One wrk script per distinct request (headers and stream flag), written once. */
const wrkScripts = new Map();
function wrkScript(headers, stream, distinctBodies = false, prompt = 'Say something short.') {
  const body = JSON.stringify({ model: 'bench-model', stream, messages: [{ role: 'user', content: prompt }] });
  const lines = ['wrk.method = "POST"', `wrk.body = ${JSON.stringify(body)}`, 'wrk.headers["Content-Type"] = "application/json"', ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)];
  if (distinctBodies) {
    // A counter in the prompt: no two requests share a cache key.
    const [head, tail] = body.split('Say something short.');
    // The counter starts somewhere new in every wrk run, so no run meets an earlier run's entries.
    lines.push('math.randomseed(os.time())', 'local n = math.random(1, 1e12)', `request = function() n = n + 1; return wrk.format(nil, nil, nil, ${JSON.stringify(head)} .. "Say something short, " .. n .. ${JSON.stringify(tail)}) end`);
  }
  const text = lines.join('\n');
  let file = wrkScripts.get(text);
  if (!file) {
    file = join(work, `req-${wrkScripts.size}.lua`);
    writeFileSync(file, text);
    wrkScripts.set(text, file);
  }
  return file;
}

function toMs(text) {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(url, script, connections, seconds) {
  const out = execFileSync('taskset', ['-c', '0', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8' });
  // Anchored to the start of a line: "+/- Stdev" columns such as 93.50% also contain "50%".
  const p50 = toMs(/^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = toMs(/^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  return { p50, p99, rps, requests, errors: errors ? Number(errors) : 0 };
}

const CLK_TCK = 100;
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
}
function rssMb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

start('upstream', [join(here, 'fake-upstream.mjs'), String(UPSTREAM_PORT)], {}, '0');
start('otlp sink', [join(here, 'otlp-sink.mjs'), String(OTLP_PORT)], {}, '0');
await sleep(300);

// Every proxy runs from the start (idle ones cost nothing) so the throughput cells can be interleaved:
// round after round, each target in turn, and the median of the rounds is reported. This machine's speed
// drifts over minutes; measured one target after the other, that drift lands in the ratios.
const running = new Map();
for (const target of targets) {
  running.set(target.name, target.args ? start(target.name, target.args, target.env) : undefined);
  await waitReady(`http://127.0.0.1:${target.port}/v1/chat/completions`, target.headers);
}
const urlOf = (target) => `http://127.0.0.1:${target.port}/v1/chat/completions`;
// Only the proxy under test may run: the others are stopped (SIGSTOP), so nothing they do in the
// background (the enforced gateway's spend flushes, timers) lands on the measured core.
let focused;
async function focus(target) {
  if (focused === target.name) return;
  for (const [name, child] of running) if (child) child.kill(name === target.name ? 'SIGCONT' : 'SIGSTOP');
  focused = target.name;
  await sleep(200);
}
async function measure(target, stream, connections, seconds) {
  await focus(target);
  const child = running.get(target.name);
  const cpuBefore = child ? cpuMs(child.pid) : 0;
  const r = wrk(urlOf(target), wrkScript(target.headers, stream, target.distinctBodies, target.prompt), connections, seconds);
  return { ...r, cpuPerRequestUs: child ? ((cpuMs(child.pid) - cpuBefore) * 1000) / r.requests : undefined };
}
const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

for (const target of targets) {
  await focus(target);
  for (const stream of [false, true]) wrk(urlOf(target), wrkScript(target.headers, stream, target.distinctBodies, target.prompt), 64, WARMUP);
}
const rounds = new Map(targets.map((t) => [t.name, { json64: [], sse64: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  // One pass over the targets per kind of cell, so each target's cell is seconds from the others'.
  for (const stream of [false, true]) {
    for (const target of targets) rounds.get(target.name)[stream ? 'sse64' : 'json64'].push(await measure(target, stream, 64, ROUND_SECONDS));
  }
  console.error(`throughput round ${round + 1} of ${ROUNDS} done`);
}
// Latency at one connection and time to first token, in interleaved rounds as well.
const latencyRounds = new Map(targets.map((t) => [t.name, { json1: [], sse1: [], ttft: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const target of targets) latencyRounds.get(target.name).json1.push(await measure(target, false, 1, LATENCY_SECONDS));
  for (const target of targets) {
    await focus(target);
    latencyRounds.get(target.name).ttft.push(JSON.parse(execFileSync('taskset', ['-c', '0', process.execPath, join(here, 'ttft.mjs'), urlOf(target), String(TTFT_SAMPLES), JSON.stringify(target.headers)], { encoding: 'utf8' })));
  }
  for (const target of targets) latencyRounds.get(target.name).sse1.push(await measure(target, true, 1, LATENCY_SECONDS));
  console.error(`latency round ${round + 1} of ${ROUNDS} done`);
}

const results = [];
let memory;
for (const target of targets) {
  const child = running.get(target.name);
  const thr = rounds.get(target.name);
  const lat = latencyRounds.get(target.name);
  const row = {
    name: target.name,
    rounds: { ...thr, ...lat },
    json64: { rps: median(thr.json64.map((c) => c.rps)), cpuPerRequestUs: median(thr.json64.map((c) => c.cpuPerRequestUs)), errors: thr.json64.reduce((n, c) => n + c.errors, 0) },
    sse64: { rps: median(thr.sse64.map((c) => c.rps)), errors: thr.sse64.reduce((n, c) => n + c.errors, 0) },
    json1: { p50: median(lat.json1.map((c) => c.p50)), p99: median(lat.json1.map((c) => c.p99)) },
    sse1: { p50: median(lat.sse1.map((c) => c.p50)) },
    ttft: { p50: median(lat.ttft.map((c) => c.p50)) },
  };
  if (target.gateway && child) {
    const script = wrkScript(target.headers, false);
    // The baseline is taken after a warm-up under the same load: V8 grows its young generation and old
    // space to their working size over the first tens of thousands of requests (and gives memory back
    // during the quieter latency cells), which is not growth per request. Resident memory also swings by
    // ±15% between samples as V8 commits and releases young-generation pages, so each side is the median
    // of the RSS read after each 5 s slice of load, not one reading.
    await focus(target);
    const warmSamples = [];
    for (let warmed = 0; warmed < Math.min(MEMORY_REQUESTS / 2, 50_000); ) {
      warmed += wrk(urlOf(target), script, 64, 5).requests;
      warmSamples.push(rssMb(child.pid));
    }
    const afterSamples = [];
    let done = 0;
    while (done < MEMORY_REQUESTS) {
      done += wrk(urlOf(target), script, 64, 5).requests;
      afterSamples.push(rssMb(child.pid));
    }
    memory = { requests: done, before: median(warmSamples.slice(-3)), after: median(afterSamples.slice(-3)) };
  }
  results.push(row);
}
for (const child of running.values()) {
  child?.kill('SIGCONT');
  child?.kill('SIGKILL');
}
await sleep(300);

if (enforced) {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${benchDb}" with (force)`);
  await admin.end();
}

const byName = Object.fromEntries(results.map((r) => [r.name, r]));
const direct = byName['direct (no proxy)'];
const floor = byName['undici floor'];
const portkey = byName['Portkey gateway'];
const gw = byName['Switchboard gateway'];
const enf = byName['Switchboard + key, limits, spend'];
/** Median over the rounds of a per-round comparison of two targets' cells. */
const paired = (a, b, cell, compare) => (a && b ? median(a.rounds[cell].map((c, i) => compare(c, b.rounds[cell][i]))) : NaN);
const addedP50 = (row) => paired(row, direct, 'json1', (c, d) => c.p50 - d.p50);
const addedTtft = (row) => paired(row, direct, 'ttft', (c, d) => c.p50 - d.p50);
const ratio = (a, b, cell = 'json64') => paired(a, b, cell, (c, d) => c.rps / d.rps);
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
/** The response cache's targets against the floor (hit latency) and against the gateway with the cache off (miss CPU). */
function cacheLines() {
  const lines = [];
  for (const name of ['Switchboard, cache hit (local)', 'Switchboard, cache hit (Redis)']) {
    const row = byName[name];
    if (row) lines.push(`${name}: p50 @1 ${fmt(paired(row, floor, 'json1', (c, d) => c.p50 - d.p50), 3)} ms over the undici floor's (which calls the upstream), ${fmt(row.json64.cpuPerRequestUs, 0)} µs CPU per request @64.`);
  }
  const traced = byName['Switchboard, tracing on'];
  if (traced) lines.push(`Switchboard, tracing on (always-on sampler, OTLP to a local receiver): ${fmt(traced.json64.cpuPerRequestUs, 0)} µs CPU per request @64 against ${fmt(gw.json64.cpuPerRequestUs, 0)} with tracing off (${fmt((traced.json64.cpuPerRequestUs / gw.json64.cpuPerRequestUs - 1) * 100, 1)}%).`);
  const [plain1k, pii1k] = [byName['Switchboard, 1 KB prompt'], byName['Switchboard, PII guardrail, 1 KB prompt']];
  if (plain1k && pii1k) lines.push(`Switchboard, pre_call PII guardrail on a 1 KB prompt: ${fmt(paired(pii1k, plain1k, 'json1', (c, d) => c.p50 - d.p50), 3)} ms added p50 @1, ${fmt(pii1k.json64.cpuPerRequestUs - plain1k.json64.cpuPerRequestUs, 0)} µs CPU per request @64.`);
  const miss = byName['Switchboard, cache miss (local)'];
  if (miss) lines.push(`Switchboard, cache miss (every body distinct): ${fmt(miss.json64.cpuPerRequestUs, 0)} µs CPU per request @64 against ${fmt(gw.json64.cpuPerRequestUs, 0)} with the cache off (${fmt((miss.json64.cpuPerRequestUs / gw.json64.cpuPerRequestUs - 1) * 100, 1)}%).`);
  return lines;
}
const lines = [
  `| target | JSON rps @64 | JSON p50/p99 ms @1 | added p50 ms @1 | SSE rps @64 | SSE p50 ms @1 | TTFT p50 ms | added TTFT ms | CPU µs/req @64 | errors |`,
  `|---|---|---|---|---|---|---|---|---|---|`,
  ...results.map((r) =>
    `| ${r.name} | ${fmt(r.json64.rps, 0)} | ${fmt(r.json1.p50)} / ${fmt(r.json1.p99)} | ${fmt(addedP50(r))} | ${fmt(r.sse64.rps, 0)} | ${fmt(r.sse1.p50)} | ${fmt(r.ttft.p50)} | ${fmt(addedTtft(r))} | ${r.json64.cpuPerRequestUs !== undefined ? fmt(r.json64.cpuPerRequestUs, 0) : '—'} | ${r.json64.errors + r.sse64.errors} |`,
  ),
  '',
  `Switchboard vs undici floor @64 (JSON): ${fmt(ratio(gw, floor))}× throughput (SSE: ${fmt(ratio(gw, floor, 'sse64'))}×); vs Portkey: ${fmt(ratio(gw, portkey), 1)}× (the floor itself: ${fmt(ratio(floor, portkey), 1)}× Portkey).`,
  `Switchboard added p50 @1: ${fmt(addedP50(gw), 3)} ms (JSON); added TTFT p50: ${fmt(addedTtft(gw), 3)} ms.`,
  enf ? `Switchboard with key, limits and spend vs undici floor @64 (JSON): ${fmt(ratio(enf, floor))}× throughput (SSE: ${fmt(ratio(enf, floor, 'sse64'))}×), ${fmt(enf.json64.cpuPerRequestUs, 0)} µs CPU per request (the floor: ${fmt(floor.json64.cpuPerRequestUs, 0)}), added p50 @1: ${fmt(addedP50(enf), 3)} ms.` : '',
  ...cacheLines(),
  memory ? `Switchboard resident memory (median of the last three 5 s samples): ${fmt(memory.before, 1)} MB after warm-up → ${fmt(memory.after, 1)} MB after ${memory.requests} more requests (${fmt(((memory.after - memory.before) / memory.before) * 100, 1)}%).` : '',
];
const report = lines.join('\n');
console.log(report);
const roundsTable = [
  '',
  'Each round, in order (the table shows medians; comparisons are medians of the per-round comparisons):',
  '',
  '| target | JSON rps @64 | SSE rps @64 | JSON p50 ms @1 | TTFT p50 ms |',
  '|---|---|---|---|---|',
  ...results.map((r) => `| ${r.name} | ${r.rounds.json64.map((c) => Math.round(c.rps)).join(', ')} | ${r.rounds.sse64.map((c) => Math.round(c.rps)).join(', ')} | ${r.rounds.json1.map((c) => fmt(c.p50)).join(', ')} | ${r.rounds.ttft.map((c) => fmt(c.p50)).join(', ')} |`),
].join('\n');
console.log(roundsTable);
writeFileSync(join(here, 'results.md'), `# Benchmark results\n\n${new Date().toISOString()} on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores; ${ROUNDS} interleaved rounds; per target per round: ${ROUND_SECONDS}s at 64 connections (JSON, SSE), ${LATENCY_SECONDS}s at one connection (JSON, SSE), ${TTFT_SAMPLES} sequential streams for TTFT; wrk -t1.\n\n${report}\n${roundsTable}\n`);
process.exit(0);
