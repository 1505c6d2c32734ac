import type { CallRecord } from '@switchboard/contracts';
import { isTypedLineText, SHA256_HEX_PATTERN as KEY_HASH, SPEND_REQUEST_ID as UUID, TYPED_NULL } from '@switchboard/db';
import { nanoToUsdString } from '@switchboard/pricing';
import { clientMetadataOf, spendModelOf, spendPrincipalOf, spendStatusOf, timeToFirstTokenOf } from './spend-row-from-call.ts';
import { errorInformationOf } from './error-information.ts';
import { hasUnstorableText } from './storable-text.ts';

/**
 * The journal line of a call's spend row, written straight from the call: byte for byte
 * `typedSpendLineOf(spendRowFromCall(record))` (a typed line, see SPEND_LINE_FIELDS), of a row readSpendRow takes as
 * it is (so the spend writer may send the line to the database unread). Undefined when there is no row (nobody
 * authenticated) or when the row needs the general path: a value readSpendRow would refuse or fill (an empty id, a
 * token count that is not a whole number, a time or a cost that is not one), text PostgreSQL cannot store (see
 * storableText), or text a typed line cannot hold (a tab, a newline). The caller then makes the row with
 * spendRowFromCall and records it, which validates, repairs or quarantines it.
 *
 * Why: under a virtual key's load, making the row object, checking it field by field (readSpendRow) and walking
 * it again to write its line (the former spendRowLine) were about 11 µs of a request's CPU and 6 KB of its
 * allocations (issue #19); this is one pass with one check per field. Typed, not JSON: PostgreSQL reads a typed line
 * with a third less CPU (see insertSpendLines). spend-line-from-call.test.ts holds it equal to the general path for
 * every shape of call.
 */
export function spendLineFromCall(record: CallRecord): string | undefined {
  const principal = spendPrincipalOf(record);
  if (!principal) return undefined;
  const presented = principal.keyHash;
  const keyHash = principal.budgetKeyHash ?? presented;
  const { requestId, parentRequestId, startTime, endTime, usage } = record;
  if (!Number.isSafeInteger(record.status) || !Number.isFinite(record.costNanoUsd) || !UUID.test(requestId) || (parentRequestId !== undefined && !UUID.test(parentRequestId)) || !KEY_HASH.test(presented) || (keyHash !== presented && !KEY_HASH.test(keyHash))) return undefined;
  const start = isoOf(startTime);
  const end = isoOf(endTime);
  if (start === undefined || end === undefined) return undefined;
  const promptTokens = usage?.promptTokens ?? 0;
  const completionTokens = usage?.completionTokens ?? 0;
  const totalTokens = usage?.totalTokens ?? 0;
  if (!isCount(promptTokens) || !isCount(completionTokens) || !isCount(totalTokens)) return undefined;
  const ttft = timeToFirstTokenOf(record);
  if (ttft !== null && !isCount(ttft)) return undefined;
  const texts = [
    textOrNull(record.responseId),
    textOrNull(principal.userId),
    textOrNull(principal.teamId),
    textOrNull(principal.organizationId),
    textOrNull(record.endUser),
    textOrNull(spendModelOf(record)),
    textOrNull(record.modelGroup),
    textOrNull(record.provider),
    textOrNull(record.deploymentId),
    textOrNull(record.route),
  ];
  if (texts.includes(undefined)) return undefined;
  const [responseId, userId, teamId, organizationId, endUser, model, modelGroup, provider, deploymentId, callType] = texts as [string, string, string, string, string, string, string, string, string, string];
  // One join, not a template: a template of 25 fields builds a string per `+` (about 2 KB of the collector's work per
  // row, issue #19) and the check below would flatten it again; join writes the line once.
  const line = [
    requestId, responseId, parentRequestId ?? TYPED_NULL, start, end, ttft ?? TYPED_NULL, keyHash, userId, teamId,
    organizationId, endUser, model, modelGroup, provider, deploymentId, callType, promptTokens, completionTokens, totalTokens,
    nanoToUsdString(record.costNanoUsd), spendStatusOf(record.status), record.cacheHit ?? false,
    metadataOf(record, presented, principal.budgetKeyHash !== undefined, userId, teamId, organizationId, endUser),
    record.requestBody == null ? TYPED_NULL : JSON.stringify(record.requestBody),
    record.responseBody == null ? TYPED_NULL : JSON.stringify(record.responseBody),
  ].join('\t');
  return hasUnstorableText(line) ? undefined : line;
}

/**
 * The row's metadata as JSON.stringify writes spendRowFromCall's (same keys, same order). The ids come as the typed
 * line holds them (text, or TYPED_NULL); `presented` is the hash of the key presented, `countsElsewhere` whether
 * its spend counts on another key's.
 */
function metadataOf(record: CallRecord, presented: string, countsElsewhere: boolean, userId: string, teamId: string, organizationId: string, endUser: string): string {
  const alias = record.principal?.keyAlias;
  let json =
    `{"user_api_key":"${presented}","user_api_key_alias":${alias === undefined ? 'null' : jsonOf(alias)},"user_api_key_user_id":${jsonOrNull(userId)},` +
    `"user_api_key_team_id":${jsonOrNull(teamId)},"user_api_key_org_id":${jsonOrNull(organizationId)},"user_api_key_end_user_id":${jsonOrNull(endUser)},"statusCode":${record.status},"status":"${spendStatusOf(record.status)}"`;
  if (countsElsewhere) json += `,"presentedKeyHash":"${presented}"`;
  json += `,"attempts":${JSON.stringify(record.attempts)},"stream":${record.stream}`;
  if (record.clientAborted) json += ',"clientAborted":true';
  if (record.errorType) json += `,"errorType":${JSON.stringify(record.errorType)}`;
  const errorInformation = errorInformationOf(record);
  if (errorInformation) json += `,"error_information":${JSON.stringify(errorInformation)}`;
  if (record.usage?.estimated) json += ',"usageEstimated":true';
  if (record.usage?.cachedPromptTokens) json += `,"cachedPromptTokens":${JSON.stringify(record.usage.cachedPromptTokens)}`;
  if (record.cacheKey) json += `,"cache_key":${JSON.stringify(record.cacheKey)}`;
  if (record.guardrails && record.guardrails.length > 0) json += `,"guardrails":${JSON.stringify(record.guardrails)}`;
  if (record.cacheHit) json += `,"cache_saved_spend":"${nanoToUsdString(record.savedCostNanoUsd ?? 0)}"`;
  if (record.requestTags && record.requestTags.length > 0) json += `,"request_tags":${JSON.stringify(record.requestTags)}`;
  const client = clientMetadataOf(record);
  if (client) json += `,"client":${client.json}`;
  return `${json}}`;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * An optional text as a typed line holds it (TYPED_NULL when unset); undefined for an empty or non-string one
 * (readSpendRow refuses those) or one a typed line cannot hold (a tab, a newline, `\N` itself).
 */
function textOrNull(value: unknown): string | undefined {
  if (value === undefined || value === null) return TYPED_NULL;
  return typeof value === 'string' && value !== '' && isTypedLineText(value) ? value : undefined;
}

/** A typed line's text field as JSON, for the metadata (null for TYPED_NULL). */
const jsonOrNull = (text: string): string => (text === TYPED_NULL ? 'null' : jsonOf(text));

/**
 * The JSON of a string the rows repeat (a model, a route, a deployment, a team): JSON.stringify of a short string
 * costs about 170 ns, a Map lookup 20, and a row's metadata has several of them. The memo is dropped whole when
 * full, so ids that never repeat cannot grow it.
 */
const MAX_MEMO = 2_048;
const memo = new Map<string, string>();
function jsonOf(value: string): string {
  let json = memo.get(value);
  if (json === undefined) {
    if (memo.size >= MAX_MEMO) memo.clear();
    json = JSON.stringify(value);
    memo.set(value, json);
  }
  return json;
}

/** The second the cached prefix belongs to, and `YYYY-MM-DDTHH:MM:SS.` of it: the rows of one second share it. */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** What `new Date(ms).toJSON()` gives (ISO text) for epoch milliseconds, from a per-second prefix; undefined when it is no time. */
function isoOf(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const whole = Math.trunc(ms);
  const second = Math.floor(whole / 1000);
  const milli = whole - second * 1000;
  if (second !== cachedSecond) {
    const date = new Date(whole);
    if (Number.isNaN(date.getTime())) return undefined;
    const text = date.toISOString();
    // Years past 9999 (or before 0) have a longer form, which a journal line's reading refuses: the general path's.
    if (text.length !== 24) return undefined;
    cachedSecond = second;
    cachedPrefix = text.slice(0, 20);
    return text;
  }
  return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
