import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class MissingSaltKeyError extends Error {
  constructor() {
    super('refusing to store model credentials unencrypted: set SWITCHBOARD_SALT_KEY (a long random secret, kept the same across restarts and replicas)');
    this.name = 'MissingSaltKeyError';
  }
}

export class CredentialDecryptionError extends Error {
  constructor(context: string) {
    super(`cannot decrypt the stored credentials of ${context}: SWITCHBOARD_SALT_KEY is missing or differs from the one they were stored with`);
    this.name = 'CredentialDecryptionError';
  }
}

/**
 * AES-256-GCM for model credentials at rest. The key is derived from `SWITCHBOARD_SALT_KEY` with HKDF-SHA256;
 * each value gets a random IV, and `context` (e.g. `model m-1`) is bound as associated data, so a ciphertext
 * copied onto another row does not decrypt.
 */
export interface CredentialCipher {
  readonly canEncrypt: boolean;
  encrypt(credentials: Record<string, unknown>, context: string): string;
  decrypt(envelope: string, context: string): Record<string, unknown>;
}

export function createCredentialCipher(saltKey: string | undefined): CredentialCipher {
  const key = saltKey ? Buffer.from(hkdfSync('sha256', saltKey, 'switchboard', 'model-credentials aes-256-gcm v1', 32)) : undefined;
  return {
    canEncrypt: key !== undefined,
    encrypt(credentials, context) {
      if (!key) throw new MissingSaltKeyError();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      return [ENVELOPE_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
    },
    decrypt(envelope, context) {
      const [version, iv, tag, ciphertext] = envelope.split(':');
      if (!key || version !== ENVELOPE_VERSION || !iv || !tag || ciphertext === undefined) throw new CredentialDecryptionError(context);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
        return JSON.parse(plain) as Record<string, unknown>;
      } catch {
        throw new CredentialDecryptionError(context);
      }
    },
  };
}
