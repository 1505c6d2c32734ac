import { isDeepStrictEqual } from 'node:util';
import { splitModel } from './split-model.ts';

/** Where every provider sends its calls: the API origin (`api_base`, or its OpenAI-SDK name `base_url`). */
const COMMON_DESTINATION_FIELDS = ['api_base', 'base_url'] as const;

/**
 * Further `litellm_params` that pick the host, account or resource a provider's credential is presented to
 * (the fields its adapter reads in libs/providers). `api_version` and other request options do not count.
 */
const PROVIDER_DESTINATION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // The runtime endpoint, else the region's public endpoint; the STS endpoint is where LiteLLM assumes roles.
  bedrock: ['aws_bedrock_runtime_endpoint', 'aws_sts_endpoint', 'aws_region_name', 'region_name'],
  // The project and location name the account the service-account token acts on, and the regional host.
  vertex_ai: ['vertex_project', 'vertex_location'],
};

/** The provider a deployment's params call. */
export function providerOfParams(params: Record<string, unknown>): string {
  return splitModel(typeof params.model === 'string' ? params.model : '', params.custom_llm_provider).provider;
}

/** The fields that decide where a deployment's credential goes, for the provider its params name. */
export function destinationFieldsOf(params: Record<string, unknown>): readonly string[] {
  return [...COMMON_DESTINATION_FIELDS, ...(PROVIDER_DESTINATION_FIELDS[providerOfParams(params)] ?? [])];
}

/** Destination fields whose value differs between the stored and the submitted params (absent counts as a value). */
export function changedDestinationFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changed: string[] = [];
  if (providerOfParams(before) !== providerOfParams(after)) changed.push(isDeepStrictEqual(before.custom_llm_provider, after.custom_llm_provider) ? 'model' : 'custom_llm_provider');
  const fields = new Set([...destinationFieldsOf(before), ...destinationFieldsOf(after)]);
  for (const field of fields) if (!isDeepStrictEqual(before[field], after[field])) changed.push(field);
  return changed;
}
