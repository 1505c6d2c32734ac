import { pino, type Logger } from 'pino';

/**
 * Every field that can hold a credential, wherever it appears in a logged object. pino's redaction is
 * path-based, so the common nestings are listed explicitly; `serializers` below strip request headers too.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'set-cookie',
  'password',
  'api_key',
  'apiKey',
  'master_key',
  'masterKey',
  'token',
  'secret',
  'aws_secret_access_key',
  'DATABASE_URL',
  'DATABASE_PASSWORD',
  'SWITCHBOARD_MASTER_KEY',
  'LITELLM_MASTER_KEY',
  'SWITCHBOARD_SALT_KEY',
];

export const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `*["${key}"]`),
  ...SECRET_KEYS.map((key) => `*.*["${key}"]`),
  ...SECRET_KEYS.map((key) => `req.headers["${key.toLowerCase()}"]`),
];

export function createLogger(service: string, options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino(
    {
      name: service,
      level,
      base: { service },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}
