import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { readComposeFile, startOrder, type ComposeService } from './compose-file.ts';

/**
 * Runs the compose stack without a container engine: each service of docker-compose.yml becomes a local
 * process started the way its image would start it (the Dockerfile's CMD on the built bundle, nginx with
 * the generated config), with the file's environment, ports, start order and health conditions. Service
 * host names map to 127.0.0.1; `db` and `redis` are the machine's PostgreSQL (a fresh database) and Redis;
 * prometheus is left out. On a machine with Docker, `docker compose up -d --wait` gives the same URLs.
 */
export interface LocalStack {
  baseUrl: string;
  gatewayUrl: string;
  backendUrl: string;
  databaseUrl: string;
  masterKey: string;
  stop(): Promise<void>;
}

interface Running {
  service: ComposeService;
  child?: ChildProcess;
}

const LOCAL_POSTGRES_ADMIN = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const LOCAL_POSTGRES_USER = decodeURIComponent(new URL(LOCAL_POSTGRES_ADMIN).username || 'postgres');

/** A statement with an identifier quoted by the server (format's %I), never by string building here. */
async function quoted(client: pg.Client, template: string, identifier: string): Promise<string | undefined> {
  const { rows } = await client.query<{ statement: string }>('select format($1::text, $2::text) as statement', [template, identifier]);
  return rows[0]?.statement;
}

function mapHosts(value: string, serviceNames: string[]): string {
  let mapped = value;
  for (const name of serviceNames) {
    if (mapped === name) return '127.0.0.1';
    mapped = mapped.replace(new RegExp(`(^|//|@)${name}(?=:\\d)`, 'g'), '$1127.0.0.1');
  }
  return mapped;
}

/** The image's CMD (exec form) from its Dockerfile, e.g. ["node", "dist/apps/gateway/main.mjs"]. */
function dockerCmd(workspaceRoot: string, dockerfile: string): string[] {
  const text = readFileSync(resolve(workspaceRoot, dockerfile), 'utf8');
  const cmd = [...text.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].at(-1)?.[1];
  if (!cmd) throw new Error(`${dockerfile} has no exec-form CMD`);
  return JSON.parse(cmd) as string[];
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function healthy(service: ComposeService, serviceNames: string[]): Promise<boolean> {
  const test = service.healthcheck;
  const port = service.ports[0]?.host;
  if (test && test[0] === 'CMD-SHELL' && test[1]) {
    return Promise.resolve(spawnSync('sh', ['-c', mapHosts(test[1], serviceNames)], { timeout: 5_000 }).status === 0);
  }
  if (test && test[0] === 'CMD' && test[1] && spawnSync('which', [test[1]]).status === 0) {
    const args = test.slice(2).map((arg) => mapHosts(arg, serviceNames));
    return Promise.resolve(spawnSync(test[1], args, { timeout: 5_000 }).status === 0);
  }
  if (port === undefined) return Promise.resolve(true);
  // The image's own probe tool (busybox wget) is not on this machine: probe the same endpoint over HTTP.
  const path = test?.find((arg) => arg.startsWith('http'))?.replace(/^https?:\/\/[^/]+/, '') ?? '/';
  return fetch(`http://127.0.0.1:${port}${path}`).then((res) => res.ok);
}

export interface StackOptions {
  /** Another compose file (tests); docker-compose.yml at the workspace root by default. */
  composePath?: string;
  /** How long a `service_healthy` dependency may take. */
  healthTimeoutMs?: number;
  /** Called with each service name as its process starts (tests watch the order). */
  onStart?: (service: string) => void;
}

export async function startLocalComposeStack(workspaceRoot: string, env: Record<string, string>, options: StackOptions = {}): Promise<LocalStack> {
  const composePath = options.composePath ?? resolve(workspaceRoot, 'docker-compose.yml');
  const services = startOrder(readComposeFile(composePath, env));
  const names = services.map((s) => s.name);
  const logDir = resolve(workspaceRoot, 'dist/e2e/stack-logs');
  mkdirSync(logDir, { recursive: true });
  const running: Running[] = [];
  const databaseName = `switchboard_e2e_${Date.now()}`;
  const admin = new pg.Client({ connectionString: LOCAL_POSTGRES_ADMIN });
  let databaseUrl = '';
  let nginxDir: string | undefined;

  const stop = async () => {
    for (const { child } of [...running].reverse()) {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    if (nginxDir) spawnSync('nginx', ['-p', `${nginxDir}/`, '-e', 'stderr', '-c', join(nginxDir, 'nginx.conf'), '-s', 'quit']);
    const cleanup = new pg.Client({ connectionString: LOCAL_POSTGRES_ADMIN });
    await cleanup.connect();
    await cleanup.query((await quoted(cleanup, 'drop database if exists %I with (force)', databaseName)) as string);
    await cleanup.end();
  };

  const envOf = (service: ComposeService): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(service.environment)) out[key] = mapHosts(value, names);
    // `db` is the machine's PostgreSQL: a database of this run's own, reached as its trust-auth superuser.
    if ('DATABASE_NAME' in out) {
      out.DATABASE_NAME = databaseName;
      out.DATABASE_USER = LOCAL_POSTGRES_USER;
      out.DATABASE_PASSWORD = '';
    }
    for (const volume of service.volumes) {
      // A bind mount of a file the service reads by path: point the variable at the real file.
      for (const [key, value] of Object.entries(out)) if (value === volume.target) out[key] = resolve(dirname(composePath), volume.source);
    }
    return out;
  };

  try {
    for (const service of services) {
      for (const [dep, condition] of Object.entries(service.dependsOn)) {
        const target = running.find((r) => r.service.name === dep);
        if (!target) continue;
        if (condition === 'service_healthy') await waitFor(`${dep} health`, () => healthy(target.service, names), options.healthTimeoutMs);
        if (condition === 'service_completed_successfully') {
          const child = target.child;
          if (child) {
            const code = child.exitCode ?? (await new Promise<number | null>((r) => child.once('exit', r)));
            if (code !== 0) throw new Error(`${dep} exited with ${code}; ${service.name} does not start (see ${logDir}/${dep}.log)`);
          }
        }
      }
      const serviceEnv = envOf(service);
      options.onStart?.(service.name);
      if (service.name === 'db') {
        await admin.connect();
        await admin.query((await quoted(admin, 'create database %I', databaseName)) as string);
        await admin.end();
        databaseUrl = `postgresql://${LOCAL_POSTGRES_USER}@127.0.0.1:5432/${databaseName}`;
        running.push({ service });
        continue;
      }
      if (service.name === 'redis' || service.name === 'prometheus') {
        running.push({ service });
        continue;
      }
      // A leftover process on the port of a service we are about to start would answer in its place (health
      // checks pass, requests reach another database): refuse to start instead.
      for (const port of new Set(service.ports.flatMap((p) => [p.host, p.container]))) await assertPortFree(port, service.name);
      if (service.name === 'ui') {
        nginxDir = mkdtempSync(join(tmpdir(), 'sb-e2e-nginx-'));
        chmodSync(nginxDir, 0o755);
        mkdirSync(join(nginxDir, 'html'), { recursive: true });
        const exportDir = resolve(workspaceRoot, 'apps/ui/out');
        if (!existsSync(exportDir)) throw new Error('apps/ui/out is missing: build the UI first (npx nx build ui)');
        symlinkSync(exportDir, join(nginxDir, 'html/ui'));
        const template = readFileSync(resolve(workspaceRoot, 'docker/ui/nginx.conf.template'), 'utf8')
          .replace(/(?<=\s)\/tmp\//g, `${nginxDir}/`)
          .replace(/root \/usr\/share\/nginx\/html;/g, `root ${nginxDir}/html;`)
          .replace(/access_log \/dev\/stdout[^;]*;/g, `access_log ${nginxDir}/access.log;`);
        writeFileSync(join(nginxDir, 'nginx.conf.template'), template);
        const render = spawnSync('sh', [resolve(workspaceRoot, 'docker/ui/entrypoint.sh'), 'true'], {
          env: { ...process.env, ...serviceEnv, NGINX_TEMPLATE: join(nginxDir, 'nginx.conf.template'), NGINX_CONF: join(nginxDir, 'nginx.conf') },
          encoding: 'utf8',
        });
        if (render.status !== 0) throw new Error(`ui entrypoint failed: ${render.stderr}`);
        const child = spawn('nginx', ['-p', `${nginxDir}/`, '-e', 'stderr', '-c', join(nginxDir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
        child.stderr?.pipe(createWriteStream(join(logDir, 'ui.log')));
        running.push({ service, child });
        await spawned(child, 'nginx');
        continue;
      }
      if (!service.build?.dockerfile) throw new Error(`service ${service.name} has no Dockerfile to take its command from`);
      const [command, ...args] = dockerCmd(workspaceRoot, service.build.dockerfile);
      const binary = command === 'node' ? process.execPath : (command as string);
      const logFile = createWriteStream(join(logDir, `${service.name}.log`));
      const child = spawn(binary, args, { cwd: workspaceRoot, env: { ...process.env, ...serviceEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.pipe(logFile);
      child.stderr?.pipe(logFile);
      running.push({ service, child });
      await spawned(child, binary);
    }
    const ui = running.find((r) => r.service.name === 'ui');
    if (ui) await waitFor('ui health', () => healthy(ui.service, names));
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  const portOf = (name: string) => services.find((s) => s.name === name)?.ports[0]?.host;
  return {
    baseUrl: `http://127.0.0.1:${portOf('ui')}`,
    gatewayUrl: `http://127.0.0.1:${portOf('gateway')}`,
    backendUrl: `http://127.0.0.1:${portOf('backend')}`,
    databaseUrl,
    masterKey: services.find((s) => s.name === 'gateway')?.environment.SWITCHBOARD_MASTER_KEY ?? '',
    stop,
  };
}

function assertPortFree(port: number, service: string): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} (${service}) is already in use by another process: stop it before running the stack`) : error),
    );
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolvePort()));
  });
}

/** Resolves once the child runs; a missing binary becomes an error here (and the stack stops what it started) instead of an unhandled 'error' event that leaves the other services running. */
function spawned(child: ChildProcess, binary: string): Promise<void> {
  return new Promise((resolveSpawn, reject) => {
    child.once('spawn', () => resolveSpawn());
    child.once('error', (error) => reject(new Error(`could not start ${binary}: ${error.message}`)));
  });
}
