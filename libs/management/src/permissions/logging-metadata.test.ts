import { describe, expect, it } from 'vitest';
import { createCredentialCipher, openCallbackSecrets } from '@switchboard/db';
import { createDestinationAllowList } from '@switchboard/telemetry';
import { boundLoggingMetadata, type LoggingWrite } from './logging-metadata.ts';

const cipher = createCredentialCipher('test-salt-key-0123456789');
const allowList = createDestinationAllowList(['cloud.langfuse.com', '*.hooks.example.com']);
const owner: LoggingWrite = { admin: false, owner: 'key', allowList, cipher };
const admin: LoggingWrite = { ...owner, admin: true };
const langfuse = (host: string, secret = 'sk-lf-1') => ({ logging: [{ callback_name: 'langfuse', callback_type: 'success', callback_vars: { langfuse_public_key: 'pk-lf-1', langfuse_secret_key: secret, langfuse_host: host } }] });
const secretOf = (metadata: Record<string, unknown> | undefined) => (openCallbackSecrets(metadata ?? {}, cipher).logging as { callback_vars: Record<string, unknown> }[])[0]?.callback_vars.langfuse_secret_key;

describe('boundLoggingMetadata', () => {
  it("stores a key owner's destination on the allow-list with its secrets encrypted, and never takes the admin marker from a request", () => {
    const stored = boundLoggingMetadata({ ...langfuse('https://cloud.langfuse.com'), logging_set_by_admin: true, note: 'x' }, undefined, owner);
    expect(JSON.stringify(stored)).not.toContain('sk-lf-1');
    expect(stored?.logging_set_by_admin).toBeUndefined();
    expect(stored?.note).toBe('x');
    expect(secretOf(stored)).toBe('sk-lf-1');
  });

  it('refuses a key owner a destination off the allow-list, naming the field and the destination; an admin may', () => {
    expect(() => boundLoggingMetadata(langfuse('http://10.0.0.5:3000'), undefined, owner)).toThrow('key metadata.logging[0]: destination http://10.0.0.5:3000 is not on the logging destination allow-list');
    expect(boundLoggingMetadata(langfuse('http://10.0.0.5:3000'), undefined, admin)?.logging_set_by_admin).toBe(true);
  });

  it('refuses os.environ/ references to everyone, and storing secrets without a salt key', () => {
    const env = { logging: [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk', langfuse_secret_key: 'os.environ/LANGFUSE_SECRET_KEY' } }] };
    expect(() => boundLoggingMetadata(env, undefined, admin)).toThrow('os.environ/ references are not allowed');
    expect(() => boundLoggingMetadata(langfuse('https://cloud.langfuse.com'), undefined, { ...admin, cipher: createCredentialCipher(undefined) })).toThrow('SWITCHBOARD_SALT_KEY');
  });

  it('keeps a secret sent back masked only while the destination stays, and treats null as unset', () => {
    const stored = boundLoggingMetadata(langfuse('https://cloud.langfuse.com'), undefined, owner);
    const kept = boundLoggingMetadata(langfuse('https://cloud.langfuse.com', '********'), stored, owner);
    expect(secretOf(kept)).toBe('sk-lf-1');
    expect(() => boundLoggingMetadata(langfuse('https://eu.hooks.example.com', '********'), stored, owner)).toThrow('metadata.logging[0].callback_vars.langfuse_host changed');
    expect(boundLoggingMetadata({ logging: null, note: 'y' }, stored, owner)).toEqual({ note: 'y' });
  });

  it('keeps what an admin wrote when a key owner replaces the metadata, and refuses changing it', () => {
    const stored = boundLoggingMetadata(langfuse('http://10.0.0.5:3000'), undefined, admin);
    expect(boundLoggingMetadata({ note: 'mine' }, stored, owner)).toEqual({ ...stored, note: 'mine' });
    expect(() => boundLoggingMetadata(langfuse('https://cloud.langfuse.com'), stored, owner)).toThrow('Only admins may change metadata.logging');
    expect(() => boundLoggingMetadata({ logging: null }, stored, owner)).toThrow('Only admins may change metadata.logging');
  });

  it("does not vouch for a key owner's settings when an admin saves them back unchanged", () => {
    const stored = boundLoggingMetadata(langfuse('https://cloud.langfuse.com'), undefined, owner);
    expect(boundLoggingMetadata({ ...stored, note: 'admin' }, stored, admin)?.logging_set_by_admin).toBeUndefined();
  });

  it('lets only admins turn a team\'s logging off', () => {
    const off = { callback_settings: { success_callback: [], failure_callback: [] } };
    expect(() => boundLoggingMetadata(off, undefined, { ...owner, owner: 'team' })).toThrow('Only admins may turn logging off');
    expect(boundLoggingMetadata(off, undefined, { ...admin, owner: 'team' })).toEqual({ ...off, logging_set_by_admin: true });
  });
});
