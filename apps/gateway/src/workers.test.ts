import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, openDatabase, requirePostgres, type OpenedDatabase, type PostgresTestDatabase } from '@switchboard/db';
import { redisAvailable, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { createLogger } from '@switchboard/service-kit';
import { freePort, startGatewayProcess, type GatewayProcess } from './testing/gateway-process.ts';

const pg = await requirePostgres();
const hasRedis = await redisAvailable();
const silent = createLogger('test', { level: 'silent' });
const MASTER = 'sk-master-workers';
const workspaceRoot = resolve(import.meta.dirname, '../../..');

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own: the cluster primary hands each new connection to the next worker. */
function send(url: string, method: 'GET' | 'POST', body?: unknown): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(url, { method, agent: false, headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const chat = (gateway: GatewayProcess, model = 'mock') => send(`${gateway.url}/v1/chat/completions`, 'POST', { model, messages: [{ role: 'user', content: 'Hello there' }] });

/** Prometheus text → value per series line (`name{labels}`), summed over nothing: the exposition as merged. */
function series(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

const sumOf = (values: Map<string, number>, prefix: string) => [...values].filter(([name]) => name.startsWith(prefix)).reduce((total, [, value]) => total + value, 0);

const lockPid = (journal: string, worker: number) => (JSON.parse(readFileSync(join(journal, `worker-${worker}`, '.lock'), 'utf8')) as { pid: number }).pid;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!pg.available || !hasRedis)('GATEWAY_WORKERS=2: two gateway processes on one port', () => {
  let testDb: PostgresTestDatabase;
  let database: OpenedDatabase;
  let configPath: string;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    database = openDatabase({ DATABASE_URL: testDb.url }, { logger: silent });
    configPath = join(mkdtempSync(join(tmpdir(), 'sb-workers-config-')), 'config.yaml');
    writeFileSync(
      configPath,
      'model_list:\n' +
        '  - model_name: mock\n    litellm_params: { model: mock/m, mock_response: "four words of answer", mock_latency_ms: 5 }\n    model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }\n' +
        '  - model_name: slow\n    litellm_params: { model: mock/s, mock_response: "a slow answer", mock_latency_ms: 2500 }\n' +
        `general_settings: { master_key: ${MASTER} }\n`,
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.kill();
    await database?.close();
    await testDb?.drop();
  });

  it('share the port, answer /metrics for both (summed counters, merged histograms), restart a crashed worker, drain both on SIGTERM, and lose no spend row of an earlier layout', async () => {
    const journal = mkdtempSync(join(tmpdir(), 'sb-workers-journal-'));
    // First one process, whose spend rows the database refuses, killed: its rows wait in the base folder,
    // which no worker owns. Worker 1 adopts and replays them.
    await database.db.execute(sql.raw(`
      create table test_fail_spend (flag int);
      insert into test_fail_spend values (1);
      create function test_fail_spend_fn() returns trigger as $$
      begin if exists (select 1 from test_fail_spend) then raise exception 'injected batch failure'; end if; return new; end $$ language plpgsql;
      create trigger test_fail_spend_trg before insert on spend_logs for each row execute function test_fail_spend_fn();`));
    const single = await startGatewayProcess({ DATABASE_URL: testDb.url, CONFIG_FILE_PATH: configPath, SPEND_JOURNAL_DIR: journal });
    const left = 5;
    for (let i = 0; i < left; i++) expect((await chat(single)).status).toBe(200);
    await single.kill();
    await database.db.execute(sql.raw('delete from test_fail_spend'));

    gateway = await startGatewayProcess({ GATEWAY_WORKERS: '2', REDIS_URL: TEST_REDIS_URL, DATABASE_URL: testDb.url, CONFIG_FILE_PATH: configPath, SPEND_JOURNAL_DIR: journal, SHUTDOWN_DRAIN_MS: '1500' });
    // Readiness answers once one worker listens: wait for the second one's journal too.
    await until('both workers', async () => (existsSync(join(journal, 'worker-1', '.lock')) && existsSync(join(journal, 'worker-2', '.lock')) ? true : undefined));
    const workerPids = [lockPid(journal, 1), lockPid(journal, 2)];
    expect(new Set([...workerPids, gateway.child.pid])).toHaveProperty('size', 3);

    // Every request on its own connection: the primary deals them out to both workers.
    const sent = 40;
    for (let i = 0; i < sent; i++) expect((await chat(gateway)).status).toBe(200);

    // One scrape, whichever worker takes it, speaks for both.
    for (let scrape = 0; scrape < 2; scrape++) {
      const text = (await send(`${gateway.url}/metrics`, 'GET')).body;
      const values = series(text);
      const perWorker = [1, 2].map((worker) => values.get(`switchboard_worker_requests_total{worker="${worker}"}`) ?? 0);
      expect(perWorker[0], 'worker 1 answered some requests').toBeGreaterThan(0);
      expect(perWorker[1], 'worker 2 answered some requests').toBeGreaterThan(0);
      expect((perWorker[0] ?? 0) + (perWorker[1] ?? 0)).toBe(sent);
      expect(values.get('switchboard_requests_total{model="mock",route="/chat/completions",status_code="200"}')).toBe(sent);
      expect(values.get('switchboard_request_duration_seconds_count{model="mock",route="/chat/completions"}')).toBe(sent);
      expect(values.get('switchboard_request_duration_seconds_bucket{model="mock",route="/chat/completions",le="+Inf"}')).toBe(sent);
      // Latencies of 5 ms and more: the merged buckets are cumulative and nothing falls under 1 ms.
      expect(values.get('switchboard_request_duration_seconds_bucket{model="mock",route="/chat/completions",le="0.001"}')).toBe(0);
      expect(sumOf(values, 'switchboard_request_duration_seconds_sum')).toBeGreaterThan(sent * 0.004);
      expect(values.get('switchboard_workers')).toBe(2);
      // A gauge merges by its own rule (max for deployment state): one series per deployment, healthy.
      expect([...values.keys()].filter((name) => name.startsWith('switchboard_deployment_state{model_group="mock"'))).toHaveLength(1);
      expect(sumOf(values, 'switchboard_deployment_state{model_group="mock"')).toBe(0);
      // One HELP and TYPE per metric: merged, not concatenated.
      expect(text.match(/^# TYPE switchboard_requests_total counter$/gm)).toHaveLength(1);
    }

    // A worker that dies is replaced (same journal folder, whose stale lock it takes over).
    process.kill(workerPids[0] as number, 'SIGKILL');
    await until('worker 1 restarted', async () => {
      const pid = lockPid(journal, 1);
      return pid !== workerPids[0] && isAlive(pid) ? pid : undefined;
    });
    const afterRestart = await until('both workers in the scrape again', async () => {
      const values = series((await send(`${gateway?.url}/metrics`, 'GET')).body);
      return values.get('switchboard_workers') === 2 ? values : undefined;
    });
    expect(afterRestart.get('switchboard_worker_restarts_total')).toBe(1);
    const pidsBeforeStop = [lockPid(journal, 1), lockPid(journal, 2)];

    // SIGTERM while a request is in flight: readiness turns 503 on the shared port (both workers), the
    // in-flight request finishes, new connections are refused once the workers closed, and the primary
    // exits 0 only after both workers exited.
    const inFlight = chat(gateway, 'slow');
    await new Promise((r) => setTimeout(r, 200));
    const primaryExit = gateway.stop();
    await until('readiness 503', async () => ((await send(`${gateway?.url}/health/readiness`, 'GET')).status === 503 ? true : undefined), 1_000);
    for (let i = 0; i < 4; i++) expect((await send(`${gateway.url}/health/readiness`, 'GET')).status).toBe(503);
    const slow = await inFlight;
    expect(slow.status).toBe(200);
    expect(slow.body).toContain('a slow answer');
    expect(await primaryExit).toBe(0);
    for (const pid of pidsBeforeStop) expect(isAlive(pid), `worker ${pid} outlived the primary`).toBe(false);
    await expect(send(`${gateway.url}/health/readiness`, 'GET')).rejects.toThrow();

    // Each worker flushed its own journal on the way out, and worker 1 the one left by the single process:
    // one spend row per answered request.
    const rows = (await database.db.execute(sql`select count(*)::int as n from spend_logs`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]?.n).toBe(left + sent + 1);
  }, 120_000);
});

describe('GATEWAY_WORKERS without Redis', () => {
  const run = async (env: Record<string, string>) => {
    const port = await freePort();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REDIS_') && !name.startsWith('DATABASE_')));
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/gateway/src/main.ts'], {
      cwd: workspaceRoot,
      env: { ...inherited, TSX_TSCONFIG_PATH: 'tsconfig.base.json', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), SHUTDOWN_DRAIN_MS: '0', SPEND_JOURNAL_DIR: mkdtempSync(join(tmpdir(), 'sb-workers-refused-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { port, child, exited, output: () => output };
  };

  it('is refused at start with a message that says what to set', async () => {
    const gateway = await run({ GATEWAY_WORKERS: '2' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain('gateway failed to start: GATEWAY_WORKERS=2 without Redis');
    expect(gateway.output()).toContain('every limit would admit 2 times its value');
    expect(gateway.output()).toContain('GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS=true');
    expect(gateway.output()).not.toContain('"msg":"gateway worker ready"');
  }, 30_000);

  it('starts with GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS=true, which accepts per-worker limits', async () => {
    const gateway = await run({ GATEWAY_WORKERS: '2', GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS: 'true' });
    await until('both workers', async () => (gateway.output().includes('"msg":"gateway workers started"') || gateway.child.exitCode !== null ? true : undefined), 20_000);
    expect(gateway.child.exitCode, gateway.output()).toBeNull();
    expect((await fetch(`http://127.0.0.1:${gateway.port}/health/readiness`)).status).toBe(200);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(gateway.output()).toContain('all gateway workers stopped');
  }, 30_000);
});
