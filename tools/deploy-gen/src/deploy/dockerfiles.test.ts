import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { DockerfileParser, type Copy, type Env, type From, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readWorkspaceFile, workspaceRoot } from './workspace.ts';

interface ImageSpec {
  file: string;
  /** The Nx project the build stage builds. */
  project: string;
  /** What the runtime stage takes from the build stage, and nothing more. */
  bundle: string;
  /** Packages each stage installs through the retry loop. */
  packages: { build: string; runtime: string };
  port?: number;
  healthcheck: RegExp | 'NONE';
  env: Record<string, string>;
  cmd: string[];
}

const nodeService = (name: 'gateway' | 'backend', port: number): ImageSpec => ({
  file: `docker/${name}.Dockerfile`,
  project: name,
  bundle: `/src/dist/apps/${name}/`,
  packages: { build: 'nodejs npm', runtime: 'nodejs' },
  port,
  healthcheck: /^CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.PORT \|\| \d+\) \+ '\/health\/liveliness'/,
  // The gateway runs one process per container unless GATEWAY_WORKERS says otherwise.
  env: { NODE_ENV: 'production', PORT: String(port), HOST: '0.0.0.0', DISABLE_SCHEMA_UPDATE: 'true', ...(name === 'gateway' ? { GATEWAY_WORKERS: '1' } : {}) },
  // The gateway runs with its young generation sized for the memory target, and no scavenge task.
  cmd: name === 'gateway' ? ['node', '--max-semi-space-size=8', '--no-minor-gc-task', '--heap-growing-percent=50', `dist/apps/${name}/main.mjs`] : ['node', `dist/apps/${name}/main.mjs`],
});

const IMAGES: ImageSpec[] = [
  nodeService('gateway', 4000),
  nodeService('backend', 4001),
  {
    file: 'docker/migrations.Dockerfile',
    project: 'migrations',
    bundle: '/src/dist/apps/migrations/',
    packages: { build: 'nodejs npm', runtime: 'nodejs' },
    healthcheck: 'NONE',
    env: { NODE_ENV: 'production' },
    cmd: ['node', 'dist/apps/migrations/main.mjs'],
  },
  {
    file: 'docker/ui.Dockerfile',
    project: 'ui',
    bundle: '/src/apps/ui/out/',
    packages: { build: 'nodejs npm', runtime: 'nginx' },
    port: 3000,
    healthcheck: /^CMD \["wget", "-q", "-O", "\/dev\/null", "http:\/\/127\.0\.0\.1:3000\/healthz"\]$/,
    env: { GATEWAY_UPSTREAM: 'gateway:4000', BACKEND_UPSTREAM: 'backend:4001' },
    cmd: ['nginx', '-e', 'stderr', '-c', '/tmp/nginx.conf', '-g', 'daemon off;'],
  },
];

const RETRY_SCRIPT = 'docker/apk-add-retry.sh';
const RETRY_IN_IMAGE = '/tmp/apk-add-retry.sh';

interface Stage {
  from: From;
  instructions: Instruction[];
}

function stagesOf(content: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') stages.push({ from: instruction as From, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const ofKind = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
const argsOf = (instruction: Instruction) => (instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim();
const envOf = (stage: Stage) =>
  Object.fromEntries(ofKind(stage, 'ENV').flatMap((env) => (env as Env).getProperties().map((p) => [p.getName(), p.getValue() ?? ''])));
/** Each exec-form CMD of a stage, as its argument list. */
const cmdsOf = (stage: Stage): string[][] => ofKind(stage, 'CMD').map((i) => JSON.parse(i.getArgumentsContent() ?? 'null'));

const lintDockerfile: (configDir: string, content: string) => { rule: string; line: number; title: string }[] =
  createRequire(import.meta.url)('dockerfilelint').run;

describe.each(IMAGES.map((image) => [image.file, image] as const))('%s', (file, image) => {
  const content = readWorkspaceFile(file);
  const stages = stagesOf(content);
  const runtime = stages.at(-1) as Stage;
  const build = stages.find((stage) => stage.from.getBuildStage() === 'build') as Stage;

  it('is a multi-stage build: a build stage, then a runtime stage', () => {
    expect(stages.map((stage) => stage.from.getBuildStage())).toEqual(['build', 'runtime']);
  });

  it('builds on a pinned distro release, never a node: image or latest', () => {
    for (const { from } of stages) {
      expect(from.getImageName(), from.getImage() ?? '').toBe('alpine');
      expect(from.getImageTag(), 'pinned release').toMatch(/^\d+\.\d+(\.\d+)?$/);
    }
  });

  it('installs packages only through the retry loop, with the script copied in first', () => {
    for (const [stage, packages] of [
      [build, image.packages.build],
      [runtime, image.packages.runtime],
    ] as const) {
      const instructions = stage.instructions;
      const copyAt = instructions.findIndex((i) => i.getKeyword() === 'COPY' && argsOf(i) === `${RETRY_SCRIPT} ${RETRY_IN_IMAGE}`);
      const installAt = instructions.findIndex((i) => i.getKeyword() === 'RUN' && argsOf(i).startsWith(`sh ${RETRY_IN_IMAGE} ${packages}`));
      expect(copyAt, 'COPY of the retry script').toBeGreaterThanOrEqual(0);
      expect(installAt, `RUN sh ${RETRY_IN_IMAGE} ${packages}`).toBeGreaterThan(copyAt);
      expect(argsOf(instructions[installAt] as Instruction)).toMatch(new RegExp(`^sh ${RETRY_IN_IMAGE} ${packages}( &&|$)`));
    }
    for (const run of stages.flatMap((stage) => ofKind(stage, 'RUN'))) {
      expect(argsOf(run), 'apk only inside the retry script').not.toMatch(/(^|[\s;&|])apk\s/);
    }
  });

  it('downloads nothing by hand: no curl or wget in RUN, no ADD', () => {
    for (const stage of stages) {
      expect(ofKind(stage, 'ADD')).toEqual([]);
      for (const run of ofKind(stage, 'RUN')) expect(argsOf(run)).not.toMatch(/\b(curl|wget)\b/);
    }
  });

  it(`builds with npm ci and npx nx build ${image.project}`, () => {
    const runs = ofKind(build, 'RUN').map(argsOf);
    expect(runs).toContainEqual(expect.stringMatching(/^npm ci\b/));
    expect(runs).toContainEqual(expect.stringMatching(new RegExp(`^npx nx build ${image.project}\\b`)));
  });

  it('runtime stage takes only the bundle from the build stage, and only docker/ files from the context', () => {
    const copies = ofKind(runtime, 'COPY') as Copy[];
    const fromBuild = copies.filter((copy) => copy.getFromFlag());
    expect(fromBuild.map((copy) => [copy.getFromFlag()?.getValue(), copy.getArguments()[0]?.getValue()])).toEqual([['build', image.bundle]]);
    for (const copy of copies.filter((c) => !c.getFromFlag())) {
      for (const source of copy.getArguments().slice(0, -1)) expect(source.getValue()).toMatch(/^docker\//);
    }
    expect(ofKind(runtime, 'RUN').map(argsOf).join(' ')).not.toMatch(/\bnpm\b/);
  });

  it('runs as uid 65532, with its port, environment, health check and command', () => {
    expect(ofKind(runtime, 'USER').map(argsOf).at(-1)).toBe('65532:65532');
    const lastUser = runtime.instructions.findLastIndex((i) => i.getKeyword() === 'USER');
    const lastRun = runtime.instructions.findLastIndex((i) => i.getKeyword() === 'RUN');
    expect(lastUser, 'nothing runs as root after USER').toBeGreaterThan(lastRun);
    if (image.port) expect(ofKind(runtime, 'EXPOSE').map(argsOf)).toEqual([String(image.port)]);
    expect(envOf(runtime)).toMatchObject(image.env);
    const healthchecks = ofKind(runtime, 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const check = (healthchecks[0] as Instruction).getArgumentsContent()?.replace(/^(--\S+\s+)*/, '') ?? '';
    if (image.healthcheck === 'NONE') expect(check).toBe('NONE');
    else expect(check).toMatch(image.healthcheck);
    expect(cmdsOf(runtime)).toEqual([image.cmd]);
  });

  it('sizes its semi-spaces, if it sets them, as a power of two: V8 rounds any other size up to one', () => {
    // The gateway once ran "12", which V8 made 16: more memory than the comment beside it said.
    for (const flag of cmdsOf(runtime).flat().filter((arg) => arg.startsWith('--max-semi-space-size='))) {
      const mb = Number(flag.split('=')[1]);
      expect(Number.isInteger(Math.log2(mb)), `${flag} is a power of two`).toBe(true);
    }
  });

  it('passes dockerfilelint', () => {
    expect(lintDockerfile(resolve(workspaceRoot, 'docker'), content)).toEqual([]);
  });
});

describe('schema changes belong to the migrations image only', () => {
  it('the migrations image never sets DISABLE_SCHEMA_UPDATE; gateway and backend set it true', () => {
    for (const stage of stagesOf(readWorkspaceFile('docker/migrations.Dockerfile'))) {
      for (const instruction of [...ofKind(stage, 'ENV'), ...ofKind(stage, 'ARG'), ...ofKind(stage, 'RUN')]) {
        expect(argsOf(instruction)).not.toContain('DISABLE_SCHEMA_UPDATE');
      }
    }
    for (const name of ['gateway', 'backend']) {
      expect(envOf(stagesOf(readWorkspaceFile(`docker/${name}.Dockerfile`)).at(-1) as Stage).DISABLE_SCHEMA_UPDATE).toBe('true');
    }
  });
});

describe('the UI image', () => {
  const runtime = stagesOf(readWorkspaceFile('docker/ui.Dockerfile')).at(-1) as Stage;

  it('renders the generated nginx config at start through its entrypoint, into /tmp', () => {
    const copies = ofKind(runtime, 'COPY').map(argsOf);
    expect(copies).toContain('docker/ui/nginx.conf.template /etc/nginx/switchboard/nginx.conf.template');
    expect(copies).toContain('docker/ui/entrypoint.sh /usr/local/bin/switchboard-ui-entrypoint.sh');
    expect(ofKind(runtime, 'ENTRYPOINT').map((i) => JSON.parse(i.getArgumentsContent() ?? 'null'))).toEqual([
      ['/bin/sh', '/usr/local/bin/switchboard-ui-entrypoint.sh'],
    ]);
    const entrypoint = readWorkspaceFile('docker/ui/entrypoint.sh');
    expect(entrypoint).toContain('template=${NGINX_TEMPLATE:-/etc/nginx/switchboard/nginx.conf.template}');
    expect(entrypoint).toContain('rendered=${NGINX_CONF:-/tmp/nginx.conf}');
  });

  it('stops nginx gracefully, so streams in flight finish', () => {
    expect(ofKind(runtime, 'STOPSIGNAL').map(argsOf)).toEqual(['SIGQUIT']);
  });
});

describe('build context and lint settings', () => {
  it('.dockerignore keeps host builds and secrets out of the context', () => {
    const ignored = readWorkspaceFile('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['**/node_modules', 'dist', '.git', '.nx', '**/.next', '**/out', '**/.env']) expect(ignored).toContain(entry);
    for (const needed of ['docker', 'apps', 'libs', 'tools', 'package.json', 'package-lock.json']) expect(ignored).not.toContain(needed);
  });

  it('.dockerfilelintrc disables no rule without a reason beside it', () => {
    const text = readWorkspaceFile('docker/.dockerfilelintrc');
    const rules = (parseYaml(text) as { rules?: Record<string, string> }).rules ?? {};
    for (const rule of Object.keys(rules)) {
      const line = text.split('\n').findIndex((l) => l.trim().startsWith(`${rule}:`));
      expect(text.split('\n')[line - 1] ?? '', `a comment above ${rule}`).toMatch(/^\s*#/);
    }
  });

  it('every image file the compose stack builds exists', () => {
    for (const { file } of IMAGES) expect(existsSync(resolve(workspaceRoot, file))).toBe(true);
  });
});
