import { describe, expect, it } from 'vitest';
import { boundPrivilegedMetadata } from './privileged-metadata.ts';

describe('boundPrivilegedMetadata', () => {
  it('refuses privileged keys on a non-admin key, but lets guardrails be added', () => {
    expect(() => boundPrivilegedMetadata({ success_callback: ['langfuse'] }, undefined, { isNew: true })).toThrow('metadata.success_callback');
    expect(() => boundPrivilegedMetadata({ permissions: { admin: true } }, undefined, { isNew: true })).toThrow('metadata.permissions');
    expect(() => boundPrivilegedMetadata({ model_rpm_limit: { 'gpt-4o': 1e6 } }, undefined, { isNew: true })).toThrow('metadata.model_rpm_limit');
    // Mock answers instead of the model's are an admin's grant (LiteLLM's admin opt-in).
    expect(() => boundPrivilegedMetadata({ allow_client_mock_response: true }, undefined, { isNew: true })).toThrow('metadata.allow_client_mock_response');
    expect(() => boundPrivilegedMetadata({ allow_client_mock_response: true }, {}, { isNew: false })).toThrow('metadata.allow_client_mock_response');
    expect(boundPrivilegedMetadata({ guardrails: ['pii'], team: 'a' }, undefined, { isNew: true })).toEqual({ guardrails: ['pii'], team: 'a' });
  });

  it("inherits the calling key's guardrails on a new key and never drops them", () => {
    expect(boundPrivilegedMetadata(undefined, { guardrails: ['pii'] }, { isNew: true })).toEqual({ guardrails: ['pii'] });
    expect(boundPrivilegedMetadata({ note: 'x' }, { guardrails: ['pii'] }, { isNew: true })).toEqual({ note: 'x', guardrails: ['pii'] });
    expect(() => boundPrivilegedMetadata({ guardrails: [] }, { guardrails: ['pii'] }, { isNew: true })).toThrow('not drop pii');
    expect(boundPrivilegedMetadata({ guardrails: ['pii', 'keywords'] }, { guardrails: ['pii'] }, { isNew: false })).toEqual({ guardrails: ['pii', 'keywords'] });
  });

  it("keeps what an admin set when a non-admin replaces the key's metadata", () => {
    const current = { success_callback: ['langfuse'], guardrails: ['pii'], note: 'old' };
    expect(boundPrivilegedMetadata({ note: 'new' }, current, { isNew: false })).toEqual({ note: 'new', success_callback: current.success_callback, guardrails: ['pii'] });
    expect(boundPrivilegedMetadata({ note: 'new', success_callback: current.success_callback }, current, { isNew: false })).toEqual({ note: 'new', success_callback: current.success_callback, guardrails: ['pii'] });
    expect(() => boundPrivilegedMetadata({ success_callback: [] }, current, { isNew: false })).toThrow('metadata.success_callback');
    expect(boundPrivilegedMetadata(undefined, current, { isNew: false })).toBeUndefined();
  });
});
