/** Anything shaped like `process.env`; the lib never reads `process.env` itself so callers and tests stay explicit. */
export type DatabaseEnv = Readonly<Record<string, string | undefined>>;

export type EndpointRole = 'writer' | 'reader';

export const DEFAULT_PORT = 5432;

export interface EndpointVariables {
  readonly url: string;
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly userAlias: string;
  readonly password: string;
  readonly name: string;
  readonly schema: string;
  readonly sslMode: string;
  readonly sslRootCert: string;
  readonly iam: string;
  readonly region: string;
}

const WRITER_VARIABLES: EndpointVariables = {
  url: 'DATABASE_URL',
  host: 'DATABASE_HOST',
  port: 'DATABASE_PORT',
  user: 'DATABASE_USER',
  userAlias: 'DATABASE_USERNAME',
  password: 'DATABASE_PASSWORD',
  name: 'DATABASE_NAME',
  schema: 'DATABASE_SCHEMA',
  sslMode: 'DATABASE_SSLMODE',
  sslRootCert: 'DATABASE_SSLROOTCERT',
  iam: 'IAM_TOKEN_DB_AUTH',
  region: 'AWS_REGION',
};

const READER_SUFFIX = '_READ_REPLICA';

function withSuffix(names: EndpointVariables, suffix: string): EndpointVariables {
  return {
    url: names.url + suffix,
    host: names.host + suffix,
    port: names.port + suffix,
    user: names.user + suffix,
    userAlias: names.userAlias + suffix,
    password: names.password + suffix,
    name: names.name + suffix,
    schema: names.schema + suffix,
    sslMode: names.sslMode + suffix,
    sslRootCert: names.sslRootCert + suffix,
    iam: names.iam + suffix,
    region: names.region + suffix,
  };
}

const READER_VARIABLES = withSuffix(WRITER_VARIABLES, READER_SUFFIX);

/** Every reader variable is its writer twin plus `_READ_REPLICA`, as the reference chart emits them. */
export function variablesFor(role: EndpointRole): EndpointVariables {
  return role === 'writer' ? WRITER_VARIABLES : READER_VARIABLES;
}
