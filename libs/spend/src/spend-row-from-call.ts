import type { CallRecord, Principal } from '@switchboard/contracts';
import type { SpendRowInput } from '@switchboard/db';
import { nanoToUsdString } from '@switchboard/pricing';
import { errorInformationOf } from './error-information.ts';

/** Client metadata larger than this is left out of the spend row (rows stay small; bodies are opt-in). */
const MAX_CLIENT_METADATA_CHARS = 4_096;

/** The client's metadata the row keeps, and its JSON; undefined when there is none or it is too large. */
export function clientMetadataOf(record: CallRecord): { value: Record<string, unknown>; json: string } | undefined {
  if (!record.metadata) return undefined;
  const json = JSON.stringify(record.metadata) as string | undefined;
  return json !== undefined && json.length <= MAX_CLIENT_METADATA_CHARS ? { value: record.metadata, json } : undefined;
}

/** The principal a spend row is written for: undefined for a call nobody authenticated (those write no spend). */
export function spendPrincipalOf(record: CallRecord): (Principal & { keyHash: string }) | undefined {
  const principal = record.principal;
  return principal && principal.kind !== 'anonymous' && principal.keyHash ? (principal as Principal & { keyHash: string }) : undefined;
}

/** The model a row names: the upstream's, else the one asked for, else `unknown`. */
export function spendModelOf(record: CallRecord): string {
  return record.upstreamModel ?? (record.requestedModel !== '' ? record.requestedModel : 'unknown');
}

/** Milliseconds to the first byte, or null when none came. */
export function timeToFirstTokenOf(record: CallRecord): number | null {
  return record.firstByteTime !== undefined ? Math.max(0, Math.round(record.firstByteTime - record.startTime)) : null;
}

/** A row's status: an HTTP status below 400 is a success. */
export function spendStatusOf(status: number): 'success' | 'failure' {
  return status < 400 ? 'success' : 'failure';
}

/**
 * The spend row for one settled request, or undefined for a request nobody authenticated (those write
 * no spend). Holds the key's hash only, never the key.
 */
export function spendRowFromCall(record: CallRecord): SpendRowInput | undefined {
  const principal = spendPrincipalOf(record);
  if (!principal) return undefined;
  const clientMetadata = clientMetadataOf(record)?.value;
  const errorInformation = errorInformationOf(record);
  return {
    requestId: record.requestId,
    responseId: record.responseId ?? null,
    parentRequestId: record.parentRequestId ?? null,
    startTime: new Date(record.startTime),
    endTime: new Date(record.endTime),
    timeToFirstTokenMs: timeToFirstTokenOf(record),
    // A rotated key's spend counts on the key it shares a budget with; the key presented stays in the metadata.
    keyHash: principal.budgetKeyHash ?? principal.keyHash,
    userId: principal.userId ?? null,
    teamId: principal.teamId ?? null,
    organizationId: principal.organizationId ?? null,
    endUser: record.endUser ?? null,
    model: spendModelOf(record),
    modelGroup: record.modelGroup ?? null,
    provider: record.provider ?? null,
    deploymentId: record.deploymentId ?? null,
    callType: record.route,
    promptTokens: record.usage?.promptTokens ?? 0,
    completionTokens: record.usage?.completionTokens ?? 0,
    totalTokens: record.usage?.totalTokens ?? 0,
    spend: nanoToUsdString(record.costNanoUsd),
    status: spendStatusOf(record.status),
    cacheHit: record.cacheHit ?? false,
    metadata: {
      // LiteLLM's names for who made the call, which its clients read from a spend log's metadata.
      user_api_key: principal.keyHash,
      user_api_key_alias: principal.keyAlias ?? null,
      user_api_key_user_id: principal.userId ?? null,
      user_api_key_team_id: principal.teamId ?? null,
      user_api_key_org_id: principal.organizationId ?? null,
      user_api_key_end_user_id: record.endUser ?? null,
      statusCode: record.status,
      // LiteLLM keeps the outcome in the metadata too, where its clients filter failed calls.
      status: spendStatusOf(record.status),
      ...(principal.budgetKeyHash ? { presentedKeyHash: principal.keyHash } : {}),
      attempts: record.attempts,
      stream: record.stream,
      ...(record.clientAborted ? { clientAborted: true } : {}),
      ...(record.errorType ? { errorType: record.errorType } : {}),
      ...(errorInformation ? { error_information: errorInformation } : {}),
      ...(record.usage?.estimated ? { usageEstimated: true } : {}),
      ...(record.usage?.cachedPromptTokens ? { cachedPromptTokens: record.usage.cachedPromptTokens } : {}),
      ...(record.cacheKey ? { cache_key: record.cacheKey } : {}),
      ...(record.guardrails && record.guardrails.length > 0 ? { guardrails: record.guardrails } : {}),
      // A cache hit costs nothing; what the answer cost when it was made is what the cache saved.
      ...(record.cacheHit ? { cache_saved_spend: nanoToUsdString(record.savedCostNanoUsd ?? 0) } : {}),
      ...(record.requestTags && record.requestTags.length > 0 ? { request_tags: record.requestTags } : {}),
      ...(clientMetadata ? { client: clientMetadata } : {}),
    },
    ...(record.requestBody != null ? { requestBody: record.requestBody } : {}),
    ...(record.responseBody != null ? { responseBody: record.responseBody } : {}),
  };
}
