import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { DatabaseConfigError } from './database-config-error.ts';
import type { SslMode } from './env-values.ts';

export interface PoolSslSettings {
  readonly sslMode?: SslMode;
  readonly sslRootCert?: string;
  /** A URL's node-postgres style `?ssl=true|false`, used only when no sslmode is given. */
  readonly ssl?: boolean;
  readonly iam: boolean;
}

/** The variables to name when the settings above are wrong. */
export interface PoolSslVariables {
  readonly sslMode: string;
  readonly sslRootCert: string;
}

export type ReadTextFile = (path: string) => string;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/**
 * libpq's sslmode as node-postgres's `ssl` option. node-postgres cannot try one transport and fall back
 * to the other, so `allow` (plaintext first) means plaintext and `prefer` (TLS first) means TLS; `require`
 * with a root certificate verifies the chain as libpq does (verify-ca).
 */
export function poolSslOption(
  settings: PoolSslSettings,
  variables: PoolSslVariables,
  readFile: ReadTextFile = readUtf8,
): boolean | ConnectionOptions | undefined {
  const ca = settings.sslRootCert === undefined ? undefined : readRootCert(settings.sslRootCert, variables, readFile);
  const verifyChainOnly: ConnectionOptions = { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  const encryptOnly: ConnectionOptions = { rejectUnauthorized: false };

  switch (settings.sslMode) {
    case 'disable':
    case 'allow':
      return false;
    case 'prefer':
    case 'require':
      return ca === undefined ? encryptOnly : verifyChainOnly;
    case 'verify-ca':
      if (ca === undefined) {
        // Without our own CA, any certificate a public CA issued to anyone would pass.
        throw new DatabaseConfigError(
          variables.sslRootCert,
          `${variables.sslMode}=verify-ca needs ${variables.sslRootCert} (the CA certificate file to verify against)`,
        );
      }
      return verifyChainOnly;
    case 'verify-full':
      return { ca, rejectUnauthorized: true };
    case undefined:
      // A root certificate on its own only makes sense if the operator wants the server checked against it.
      if (ca !== undefined) return { ca, rejectUnauthorized: true };
      if (settings.ssl !== undefined) return settings.ssl;
      // RDS refuses IAM auth over plaintext, and the token must not cross the network in the clear.
      if (settings.iam) return encryptOnly;
      return undefined;
  }
}

function readRootCert(path: string, variables: PoolSslVariables, readFile: ReadTextFile): string {
  try {
    return readFile(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new DatabaseConfigError(
      variables.sslRootCert,
      // The path is left out: when it came from inside a URL, the URL may have put something secret there.
      `${variables.sslRootCert} names a certificate file that cannot be read (${reason})`,
    );
  }
}
