import { encodeDatabaseName } from './database-name.ts';
import { hostForUrl } from './host-name.ts';
import type { ConnectionTarget } from './plan-endpoints.ts';

/**
 * `postgresql://user[:secret]@host:port/name[?schema=..&sslmode=..&sslrootcert=..]`.
 *
 * User and secret (password or IAM token, which is itself a presigned query string full of `&`, `=`, `%`)
 * go through encodeURIComponent; the database name too, but for the reserved characters node-postgres
 * cannot decode in a path (see encodeDatabaseName).
 */
export function assembleDatabaseUrl(target: ConnectionTarget, secret: string | undefined): string {
  const user = encodeURIComponent(target.user);
  const userInfo = secret === undefined || secret === '' ? user : `${user}:${encodeURIComponent(secret)}`;
  const base = `postgresql://${userInfo}@${hostForUrl(target.host)}:${target.port}/${encodeDatabaseName(target.name)}`;
  const query = [
    ['schema', target.schema],
    ['sslmode', target.sslMode],
    ['sslrootcert', target.sslRootCert],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return query.length === 0 ? base : `${base}?${query.join('&')}`;
}
