import { describe, expect, it } from 'vitest';
import { createCredentialCipher, sealCallbackSecrets } from '@switchboard/db';
import { loggingOwnerOf } from './logging-owner-of.ts';

const cipher = createCredentialCipher('test-salt-key-0123456789');
const logging = [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk-lf', langfuse_secret_key: 'sk-lf', langfuse_host: 'https://cloud.langfuse.com' } }];

describe('loggingOwnerOf', () => {
  it('keeps only the logging fields, decrypted, with whether an admin wrote them', () => {
    const stored = { ...sealCallbackSecrets({ logging }, cipher), logging_set_by_admin: true, guardrails: ['pii'], note: 'x' };
    expect(loggingOwnerOf(stored, 'ci', cipher)).toEqual({ name: 'ci', metadata: { logging }, setByAdmin: true });
    expect(loggingOwnerOf({ logging, logging_set_by_admin: 'true' }, 'ci', cipher)?.setByAdmin).toBe(false);
  });

  it('is undefined without logging settings, null included (no value)', () => {
    expect(loggingOwnerOf(undefined, 'ci', cipher)).toBeUndefined();
    expect(loggingOwnerOf({ note: 'x', logging: null, callback_settings: null }, 'ci', cipher)).toBeUndefined();
  });

  it('says why when the secrets were sealed with another salt key, leaving them sealed', () => {
    const owner = loggingOwnerOf(sealCallbackSecrets({ logging }, createCredentialCipher('another-salt-key')), 'ci', cipher);
    expect(owner?.problem).toContain('SWITCHBOARD_SALT_KEY is missing or differs');
    expect(JSON.stringify(owner?.metadata)).not.toContain('sk-lf');
  });
});
