import { describe, expect, it } from 'vitest';
import { HttpError } from '@switchboard/service-kit';
import { changedDestinationFields, destinationFieldsOf } from '@switchboard/config';
import { assertMaskedCredentialsStayHome } from './credential-destination.ts';

const MASKED = '********';

function refusal(before: Record<string, unknown>, submitted: Record<string, unknown>): HttpError | undefined {
  try {
    assertMaskedCredentialsStayHome(before, submitted);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe('credentials bound to their destination', () => {
  const openai = { model: 'openai/gpt-4o', api_base: 'https://api.openai.com/v1', api_key: 'sk-stored' };

  it('keeps a masked credential while every destination field is unchanged (other params may change)', () => {
    expect(refusal(openai, { ...openai, api_key: MASKED, max_tokens: 100, model: 'openai/gpt-4o-mini' })).toBeUndefined();
  });

  it('refuses a masked credential sent with a new api_base, naming the changed field and the credential', () => {
    const error = refusal(openai, { ...openai, api_key: MASKED, api_base: 'https://attacker.example/v1' });
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('credential_required_for_new_destination');
    expect(error?.message).toContain('litellm_params.api_base');
    expect(error?.message).toContain('send litellm_params.api_key again');
  });

  it('accepts the same change when the credential is sent again in full', () => {
    expect(refusal(openai, { ...openai, api_key: 'sk-new-value', api_base: 'https://other.example/v1' })).toBeUndefined();
  });

  it('counts a removed, added or renamed (base_url) destination field as a change', () => {
    const { api_base: _dropped, ...withoutBase } = openai;
    expect(refusal(openai, { ...withoutBase, api_key: MASKED })?.message).toContain('litellm_params.api_base');
    expect(refusal(withoutBase, { ...withoutBase, api_key: MASKED, base_url: 'https://attacker.example' })?.message).toContain('litellm_params.base_url');
  });

  it('counts a change of provider (model prefix or custom_llm_provider): the key would go to another host', () => {
    expect(changedDestinationFields(openai, { ...openai, model: 'groq/llama-3.3-70b' })).toEqual(['model']);
    expect(changedDestinationFields(openai, { ...openai, custom_llm_provider: 'groq' })).toEqual(['custom_llm_provider']);
    expect(changedDestinationFields({ model: 'gpt-4o' }, { model: 'openai/gpt-4o' })).toEqual([]);
    expect(refusal(openai, { ...openai, api_key: MASKED, model: 'mistral/mistral-large' })?.status).toBe(400);
  });

  it('binds AWS keys to the Bedrock endpoint and region', () => {
    const bedrock = { model: 'bedrock/anthropic.claude-3', aws_region_name: 'us-east-1', aws_access_key_id: 'AKIA', aws_secret_access_key: 'secret' };
    expect(destinationFieldsOf(bedrock)).toEqual(expect.arrayContaining(['aws_bedrock_runtime_endpoint', 'aws_region_name', 'region_name', 'api_base']));
    const masked = { ...bedrock, aws_access_key_id: MASKED, aws_secret_access_key: MASKED };
    expect(refusal(bedrock, { ...masked, aws_bedrock_runtime_endpoint: 'https://attacker.example' })?.message).toMatch(/aws_bedrock_runtime_endpoint.*send litellm_params\.aws_access_key_id, litellm_params\.aws_secret_access_key again/);
    expect(refusal(bedrock, { ...masked, aws_region_name: 'eu-west-1' })?.message).toContain('litellm_params.aws_region_name');
    expect(refusal(bedrock, masked)).toBeUndefined();
  });

  it('binds Vertex credentials to the project and location, and Azure keys to the resource but not the api_version', () => {
    const vertex = { model: 'vertex_ai/gemini-2.0-flash', vertex_project: 'p1', vertex_location: 'us-central1', vertex_credentials: '{}' };
    expect(refusal(vertex, { ...vertex, vertex_credentials: MASKED, vertex_project: 'p2' })?.message).toContain('litellm_params.vertex_project');
    expect(refusal(vertex, { ...vertex, vertex_credentials: MASKED, vertex_location: 'europe-west4' })?.message).toContain('litellm_params.vertex_location');
    const azure = { model: 'azure/my-deployment', api_base: 'https://mine.openai.azure.com', api_version: '2024-10-21', api_key: 'k' };
    expect(refusal(azure, { ...azure, api_key: MASKED, api_version: '2025-01-01-preview' })).toBeUndefined();
    expect(refusal(azure, { ...azure, api_key: MASKED, api_base: 'https://theirs.openai.azure.com' })?.message).toContain('litellm_params.api_base');
  });

  it('ignores fields of other providers (an OpenAI deployment has no region)', () => {
    expect(changedDestinationFields(openai, { ...openai, aws_region_name: 'eu-west-1', vertex_project: 'x' })).toEqual([]);
  });

  it('leaves a masked value for a field that was never stored alone (nothing is kept)', () => {
    expect(refusal({ model: 'openai/gpt-4o' }, { model: 'openai/gpt-4o', api_base: 'https://x.example', api_key: MASKED })).toBeUndefined();
  });
});
