import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The dependency rules of STYLE.md, checked on the import statements of every project's sources. */
export interface ProjectInfo {
  name: string;
  /** Workspace-relative root, e.g. `libs/db-url`. */
  root: string;
  kind: 'app' | 'lib';
  tags: string[];
}

export interface SourceFile {
  /** Workspace-relative path. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Driver and ORM packages only the data lib may load (type-only imports are fine elsewhere). */
const DATA_PACKAGES = ['pg', 'drizzle-orm', '@electric-sql/pglite'];
/** Projects allowed to load them: the data lib, and the launcher that serves the embedded database. */
const DATA_OWNERS = ['libs/db', 'apps/launcher', 'apps/migrations'];

const IMPORT_PATTERN = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[3] ?? match[4];
    if (specifier) found.push({ specifier, typeOnly: Boolean(match[2]) });
  }
  return found;
}

const isTestFile = (path: string) => /\.test\.tsx?$/.test(path) || path.includes(`${sep}test${sep}`) || path.startsWith('test/');

function projectOf(path: string, projects: ProjectInfo[]): ProjectInfo | undefined {
  return projects.find((project) => path === project.root || path.startsWith(`${project.root}/`));
}

export function checkDependencyRules(projects: ProjectInfo[], libAliases: Record<string, string>, files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const owner = projectOf(file.path, projects);
    if (!owner) continue;
    for (const { specifier, typeOnly } of importsOf(file.text)) {
      const push = (rule: string) => violations.push({ file: file.path, specifier, rule });
      if (specifier.startsWith('.')) {
        const target = relative('.', join(dirname(file.path), specifier)).split(sep).join('/');
        const targetProject = projectOf(target, projects);
        if (targetProject && targetProject !== owner) push(`relative import into another project (${targetProject.name}); use its @switchboard alias`);
        else if (!targetProject && !isTestFile(file.path) && !target.startsWith('vitest.shared')) push('relative import outside every project');
        continue;
      }
      if (specifier.startsWith('@switchboard/')) {
        const libRoot = libAliases[specifier];
        const target = libRoot ? projectOf(libRoot, projects) : undefined;
        if (!target) {
          push('unknown @switchboard alias');
          continue;
        }
        if (target.kind === 'app') push('nothing may import an app');
        if (owner.kind === 'lib' && owner.tags.includes('type:leaf') && target !== owner) push(`${owner.name} is a leaf lib and imports no other lib of ours`);
        if (owner.tags.includes('scope:ui') && !target.tags.includes('scope:shared')) push('the UI shares types only, never server code');
        continue;
      }
      const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
      if (DATA_PACKAGES.includes(bare) && !typeOnly && !isTestFile(file.path) && !DATA_OWNERS.includes(owner.root)) {
        push('only the data lib touches the database driver and the ORM');
      }
    }
  }
  return violations;
}

/** Reads the real workspace: projects from project.json files, aliases from tsconfig.base.json. */
export function loadWorkspace(workspaceRoot: string): { projects: ProjectInfo[]; aliases: Record<string, string>; files: SourceFile[] } {
  const projects: ProjectInfo[] = [];
  for (const group of ['apps', 'libs', 'tools'] as const) {
    const groupDir = join(workspaceRoot, group);
    for (const entry of readdirSync(groupDir)) {
      const projectFile = join(groupDir, entry, 'project.json');
      try {
        const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { name: string; tags?: string[] };
        projects.push({ name: project.name, root: `${group}/${entry}`, kind: group === 'apps' ? 'app' : 'lib', tags: project.tags ?? [] });
      } catch {
        // a folder without project.json is not a project
      }
    }
  }
  const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const aliases: Record<string, string> = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (target) aliases[alias] = target.split('/').slice(0, 2).join('/');
  }
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (['node_modules', 'out', '.next', 'dist', 'drizzle'].includes(entry)) continue;
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) files.push({ path: relative(workspaceRoot, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const project of projects) walk(resolve(workspaceRoot, project.root));
  return { projects, aliases, files };
}
