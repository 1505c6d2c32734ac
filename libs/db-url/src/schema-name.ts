import { DatabaseConfigError } from './database-config-error.ts';

// Postgres truncates identifiers to NAMEDATALEN - 1 bytes, which would silently select another schema.
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Accepts anything Postgres can hold as a quoted identifier (Prisma, the reference's client, quotes the
 * schema too, so `Public` and `public` differ the same way in both): non-empty, at most 63 bytes, no control
 * characters. Quoting in {@link searchPathOption} makes every other character safe.
 */
export function checkSchemaName(schema: string, variable: string, inside = variable): string {
  const controlCharacter = /[\u0000-\u001f\u007f]/;
  if (schema === '' || controlCharacter.test(schema) || Buffer.byteLength(schema, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new DatabaseConfigError(
      variable,
      `${inside} must be a schema name of 1 to ${MAX_IDENTIFIER_BYTES} bytes without control characters`,
    );
  }
  return schema;
}

/**
 * node-postgres ignores Prisma's `?schema=X`; the startup `options` parameter sets the same search_path.
 * The server splits `options` on whitespace with `\` as the escape, then reads the value as an identifier
 * list, so the schema is double-quoted (`"` doubled) and backslashes and whitespace are escaped.
 */
export function searchPathOption(schema: string): string {
  const quoted = `"${schema.replaceAll('"', '""')}"`;
  const escaped = quoted.replace(/[\\\s]/g, (character) => `\\${character}`);
  return `-c search_path=${escaped}`;
}
