import { DatabaseConfigError } from './database-config-error.ts';

/**
 * Refuses the two characters no URL can carry in a database name for node-postgres: it reads the path
 * with decodeURI, which never decodes `%3F` or `%23`, and a literal `?` or `#` would end the path.
 */
export function checkDatabaseName(name: string, variable: string): string {
  if (/[?#]/.test(name)) {
    throw new DatabaseConfigError(variable, `${variable} must not contain "?" or "#": no Postgres URL can carry them`);
  }
  return name;
}

// decodeURI (node-postgres's reading of the path) leaves these escapes alone, so they must stay literal.
const LEFT_LITERAL = /%(40|3A|2F|3B|2C|26|3D|2B|24)/gi;

/**
 * encodeURIComponent, except that the reserved characters `@ : / ; , & = + $` stay literal. They are legal
 * in a URL path, libpq reads them back unchanged, and node-postgres only reads them back at all this way:
 * `db@x/y:z` encoded as `db%40x%2Fy%3Az` would reach the server still escaped.
 */
export function encodeDatabaseName(name: string): string {
  return encodeURIComponent(name).replace(LEFT_LITERAL, (escape) => decodeURIComponent(escape));
}
