import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parts of a compose service the local runner uses. */
export interface ComposeService {
  name: string;
  image?: string;
  build?: { dockerfile?: string };
  environment: Record<string, string>;
  ports: { host: number; container: number }[];
  volumes: { source: string; target: string }[];
  dependsOn: Record<string, 'service_started' | 'service_healthy' | 'service_completed_successfully'>;
  healthcheck?: string[];
}

/** `${VAR:-default}` / `${VAR}` interpolation as compose does it, from the given environment. */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, name: string, fallback?: string) => env[name] || fallback || '');
}

interface RawService {
  image?: string;
  build?: { dockerfile?: string };
  environment?: Record<string, string | number> | string[];
  ports?: string[];
  volumes?: (string | { source: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: ComposeService['dependsOn'][string] }>;
  healthcheck?: { test?: string[] };
}

export function readComposeFile(path: string, env: Readonly<Record<string, string | undefined>>): ComposeService[] {
  const document = parse(readFileSync(path, 'utf8'), { merge: true }) as { services: Record<string, RawService> };
  return Object.entries(document.services).map(([name, raw]) => {
    const environment: Record<string, string> = {};
    if (Array.isArray(raw.environment)) {
      for (const entry of raw.environment) {
        const [key, ...rest] = entry.split('=');
        if (key) environment[key] = interpolate(rest.join('='), env);
      }
    } else {
      for (const [key, value] of Object.entries(raw.environment ?? {})) environment[key] = interpolate(String(value), env);
    }
    const dependsOn: ComposeService['dependsOn'] = {};
    if (Array.isArray(raw.depends_on)) for (const dep of raw.depends_on) dependsOn[dep] = 'service_started';
    else for (const [dep, spec] of Object.entries(raw.depends_on ?? {})) dependsOn[dep] = spec.condition ?? 'service_started';
    return {
      name,
      ...(raw.image ? { image: raw.image } : {}),
      ...(raw.build ? { build: raw.build } : {}),
      environment,
      ports: (raw.ports ?? []).map((mapping) => {
        const [host, container] = String(mapping).split(':').slice(-2).map(Number);
        return { host: host as number, container: container as number };
      }),
      volumes: (raw.volumes ?? []).map((volume) => {
        if (typeof volume !== 'string') return { source: volume.source, target: volume.target };
        const [source = '', target = ''] = volume.split(':');
        return { source, target };
      }),
      dependsOn,
      ...(raw.healthcheck?.test ? { healthcheck: raw.healthcheck.test } : {}),
    };
  });
}

/** Services in an order where every dependency comes before its dependents. */
export function startOrder(services: ComposeService[]): ComposeService[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const ordered: ComposeService[] = [];
  const visiting = new Set<string>();
  const visit = (service: ComposeService) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.name)) throw new Error(`compose dependency cycle at ${service.name}`);
    visiting.add(service.name);
    for (const dep of Object.keys(service.dependsOn)) {
      const target = byName.get(dep);
      if (!target) throw new Error(`${service.name} depends on unknown service ${dep}`);
      visit(target);
    }
    ordered.push(service);
  };
  services.forEach(visit);
  return ordered;
}
