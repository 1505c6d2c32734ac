import { existsSync, openSync, readlinkSync, readSync, closeSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Client } from 'pg';

export interface ServerLogEntry {
  /** LOG, DETAIL, ERROR, STATEMENT... */
  severity: string;
  /** The message, continuation lines included (a multi-line statement is logged over several lines). */
  text: string;
}

export interface ServerLog {
  readonly path: string;
  /** Entries written since `openServerLog` was called. */
  entriesSince(): Promise<ServerLogEntry[]>;
}

/**
 * The local server's log, for asserting what reached it. Found from `pg_current_logfile()` when the
 * logging collector runs, else from where a backend's stderr points (Debian's pg_ctlcluster sends it to
 * /var/log/postgresql/postgresql-15-main.log), else that Debian default. Read directly when this process
 * may, else through `pg_read_file` as the superuser.
 */
export async function openServerLog(admin: Client): Promise<ServerLog> {
  const path = await locate(admin);
  const direct = (() => {
    try {
      closeSync(openSync(path, 'r'));
      return true;
    } catch {
      return false;
    }
  })();
  const sizeOf = async (): Promise<number> => {
    if (direct) return statSync(path).size;
    const { rows } = await admin.query<{ size: string }>('select (pg_stat_file($1)).size::text as size', [path]);
    return Number(rows[0]?.size ?? 0);
  };
  const readFrom = async (offset: number): Promise<string> => {
    const length = Math.max(0, (await sizeOf()) - offset);
    if (!direct) {
      const { rows } = await admin.query<{ text: string }>('select pg_read_file($1, $2, $3) as text', [path, offset, length]);
      return rows[0]?.text ?? '';
    }
    const buffer = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, length, offset);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  };
  const start = await sizeOf();
  return {
    path,
    async entriesSince() {
      return parseEntries(await readFrom(start));
    },
  };
}

async function locate(admin: Client): Promise<string> {
  const { rows } = await admin.query<{ logfile: string | null; datadir: string; pid: number; version: string }>(
    "select pg_current_logfile() as logfile, current_setting('data_directory') as datadir, pg_backend_pid() as pid, current_setting('server_version_num') as version",
  );
  const row = rows[0];
  if (!row) throw new Error('could not ask the server where it logs');
  if (row.logfile) return isAbsolute(row.logfile) ? row.logfile : join(row.datadir, row.logfile);
  try {
    const target = readlinkSync(`/proc/${row.pid}/fd/2`);
    if (isAbsolute(target) && target !== '/dev/null') return target;
  } catch {
    // another host or no permission: try the Debian default
  }
  const debian = `/var/log/postgresql/postgresql-${Math.floor(Number(row.version) / 10_000)}-main.log`;
  if (existsSync(debian)) return debian;
  throw new Error('cannot find the PostgreSQL server log (no logging collector, stderr not a file, no Debian default)');
}

const ENTRY_START = /^(?:.*?\s)?(LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|FATAL|NOTICE):\s{2}(.*)$/;

function parseEntries(text: string): ServerLogEntry[] {
  const entries: ServerLogEntry[] = [];
  for (const line of text.split('\n')) {
    const match = ENTRY_START.exec(line);
    if (match) entries.push({ severity: match[1] as string, text: match[2] as string });
    else if (entries.length > 0) (entries[entries.length - 1] as ServerLogEntry).text += `\n${line}`;
  }
  return entries;
}
