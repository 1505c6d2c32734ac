import { describe, expect, it } from 'vitest';
import { createCredentialCipher, CredentialDecryptionError, MissingSaltKeyError } from './credential-cipher.ts';
import { hasPlainCallbackSecrets, maskCallbackSecrets, openCallbackSecrets, sealCallbackSecrets } from './callback-secrets.ts';

const metadata = {
  note: 'kept as is',
  logging: [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk-lf-1', langfuse_secret_key: 'sk-lf-1', langfuse_host: 'https://cloud.langfuse.com' } }],
  callback_settings: { callbacks: ['generic_api', 's3'], callback_vars: { generic_logger_endpoint: 'https://hooks.example.com/in', generic_logger_headers: 'Authorization=Bearer hook', s3_aws_access_key_id: 'AKIAEXAMPLE', s3_aws_secret_access_key: 'aws-secret', s3_aws_session_token: 'aws-token', s3_bucket_name: 'logs' } },
};

describe('logging callback secrets', () => {
  const cipher = createCredentialCipher('a-long-random-salt-key');

  it('seals every secret variable, leaves destinations readable, and opens back to the original', () => {
    const sealed = sealCallbackSecrets(metadata, cipher);
    const text = JSON.stringify(sealed);
    for (const secret of ['pk-lf-1', 'sk-lf-1', 'Bearer hook', 'AKIAEXAMPLE', 'aws-secret', 'aws-token']) expect(text).not.toContain(secret);
    expect(text).toContain('https://cloud.langfuse.com');
    expect(text).toContain('"s3_bucket_name":"logs"');
    expect(hasPlainCallbackSecrets(sealed)).toBe(false);
    expect(hasPlainCallbackSecrets(metadata)).toBe(true);
    // Sealing twice does not seal the envelope again.
    expect(openCallbackSecrets(sealCallbackSecrets(sealed, cipher), cipher)).toEqual(metadata);
  });

  it('masks secrets whether sealed or not, and refuses to seal or open without the salt key', () => {
    const masked = maskCallbackSecrets(sealCallbackSecrets(metadata, cipher), '********');
    expect(masked.logging).toEqual([{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: '********', langfuse_secret_key: '********', langfuse_host: 'https://cloud.langfuse.com' } }]);
    expect(maskCallbackSecrets(metadata, '********').callback_settings).toMatchObject({ callback_vars: { generic_logger_headers: '********', s3_bucket_name: 'logs' } });
    expect(() => sealCallbackSecrets(metadata, createCredentialCipher(undefined))).toThrow(MissingSaltKeyError);
    expect(() => openCallbackSecrets(sealCallbackSecrets(metadata, cipher), createCredentialCipher('another-salt-key'))).toThrow(CredentialDecryptionError);
  });
});
