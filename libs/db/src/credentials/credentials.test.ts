import { describe, expect, it } from 'vitest';
import { createCredentialCipher, CredentialDecryptionError, MissingSaltKeyError } from './credential-cipher.ts';
import { isCredentialField, splitCredentials } from './split-credentials.ts';

describe('model credentials', () => {
  const cipher = createCredentialCipher('a-long-random-salt-key');

  it('round-trips through AES-256-GCM with a fresh IV each time', () => {
    const first = cipher.encrypt({ api_key: 'sk-secret' }, 'model m-1');
    const second = cipher.encrypt({ api_key: 'sk-secret' }, 'model m-1');
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk-secret');
    expect(first.startsWith('v1:')).toBe(true);
    expect(cipher.decrypt(first, 'model m-1')).toEqual({ api_key: 'sk-secret' });
  });

  it('refuses a ciphertext moved to another row, tampered with, or read with another salt key', () => {
    const sealed = cipher.encrypt({ api_key: 'sk-secret' }, 'model m-1');
    expect(() => cipher.decrypt(sealed, 'model m-2')).toThrow(CredentialDecryptionError);
    const [version, iv, tag, body] = sealed.split(':');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1)}`;
    expect(() => cipher.decrypt([version, iv, tag, flipped].join(':'), 'model m-1')).toThrow(CredentialDecryptionError);
    expect(() => createCredentialCipher('another-key').decrypt(sealed, 'model m-1')).toThrow(/SWITCHBOARD_SALT_KEY/);
  });

  it('refuses to encrypt without SWITCHBOARD_SALT_KEY, saying so', () => {
    const none = createCredentialCipher(undefined);
    expect(none.canEncrypt).toBe(false);
    expect(() => none.encrypt({ api_key: 'x' }, 'model m')).toThrow(MissingSaltKeyError);
    expect(() => none.encrypt({ api_key: 'x' }, 'model m')).toThrow(/set SWITCHBOARD_SALT_KEY/);
  });

  it('treats keys, secrets, tokens, passwords and credentials as secret, but not max_tokens or env references', () => {
    for (const name of ['api_key', 'aws_secret_access_key', 'aws_access_key_id', 'aws_session_token', 'vertex_credentials', 'client_secret', 'password', 'azure_ad_token']) {
      expect(isCredentialField(name), name).toBe(true);
    }
    // Prices end like a token's name (`..._per_token`): they are shown and stored in the clear, as LiteLLM shows them.
    for (const name of ['model', 'api_base', 'max_tokens', 'rpm', 'api_version', 'aws_region_name', 'input_cost_per_token', 'output_cost_per_token', 'output_cost_per_reasoning_token']) expect(isCredentialField(name), name).toBe(false);
    expect(splitCredentials({ model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY', client_secret: 'shh', max_tokens: 10 })).toEqual({
      plain: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY', max_tokens: 10 },
      credentials: { client_secret: 'shh' },
    });
  });
});
