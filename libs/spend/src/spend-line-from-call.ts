import type { CallRecord } from '@switchboard/contracts';
import { SHA256_HEX_PATTERN as KEY_HASH, SPEND_REQUEST_ID as UUID } from '@switchboard/db';
import { nanoToUsdString } from '@switchboard/pricing';
import { clientMetadataOf, spendModelOf, spendPrincipalOf, spendStatusOf, timeToFirstTokenOf } from './spend-row-from-call.ts';
import { UNSTORABLE_ESCAPE } from './storable-text.ts';

/**
 * The journal line of a call's spend row, written straight from the call: byte for byte
 * `JSON.stringify(spendRowFromCall(record))`, and a row readSpendRow takes as it is (so the spend writer may send
 * the line to the database unread). Undefined when there is no row (nobody authenticated) or when the row needs
 * the general path: a value readSpendRow would refuse or fill (an empty id, a token count that is not a whole
 * number, a time or a cost that is not one) or text PostgreSQL cannot store (see storableText). The caller then makes the
 * row with spendRowFromCall and records it, which validates, repairs or quarantines it.
 *
 * Why: under a virtual key's load, making the row object, checking it field by field (readSpendRow) and walking
 * it again to write its line (the former spendRowLine) were about 11 µs of a request's CPU and 6 KB of its
 * allocations (issue #19); this is one pass with one check per field. spend-line-from-call.test.ts holds it
 * equal to the general path for every shape of call.
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
  const model = spendModelOf(record);
  const promptTokens = usage?.promptTokens ?? 0;
  const completionTokens = usage?.completionTokens ?? 0;
  const totalTokens = usage?.totalTokens ?? 0;
  if (model === '' || !isCount(promptTokens) || !isCount(completionTokens) || !isCount(totalTokens)) return undefined;
  const ttft = timeToFirstTokenOf(record);
  if (ttft !== null && !isCount(ttft)) return undefined;
  const responseId = record.responseId === undefined ? 'null' : record.responseId !== '' ? JSON.stringify(record.responseId) : undefined;
  const ids = [
    idOrNull(principal.userId),
    idOrNull(principal.teamId),
    idOrNull(principal.organizationId),
    idOrNull(record.endUser),
    idOrNull(record.modelGroup),
    idOrNull(record.provider),
    idOrNull(record.deploymentId),
    idOrNull(record.route),
  ];
  if (responseId === undefined || ids.includes(undefined)) return undefined;
  const [userId, teamId, organizationId, endUser, modelGroup, provider, deploymentId, callType] = ids as [string, string, string, string, string, string, string, string];
  const line =
    `{"requestId":"${requestId}","responseId":${responseId},"parentRequestId":${parentRequestId === undefined ? 'null' : `"${parentRequestId}"`},` +
    `"startTime":"${start}","endTime":"${end}","timeToFirstTokenMs":${ttft},"keyHash":"${keyHash}","userId":${userId},"teamId":${teamId},` +
    `"organizationId":${organizationId},"endUser":${endUser},"model":${jsonOf(model)},"modelGroup":${modelGroup},"provider":${provider},` +
    `"deploymentId":${deploymentId},"callType":${callType},"promptTokens":${promptTokens},"completionTokens":${completionTokens},"totalTokens":${totalTokens},` +
    `"spend":"${nanoToUsdString(record.costNanoUsd)}","status":"${spendStatusOf(record.status)}","cacheHit":${record.cacheHit ?? false},` +
    `"metadata":${metadataOf(record, presented, principal.budgetKeyHash !== undefined, userId, teamId, organizationId, endUser)}}`;
  return UNSTORABLE_ESCAPE.test(line) ? undefined : line;
}

/**
 * The row's metadata as JSON.stringify writes spendRowFromCall's (same keys, same order). The ids come already
 * written (JSON text or `null`); `presented` is the hash of the key presented, `countsElsewhere` whether its spend
 * counts on another key's.
 */
function metadataOf(record: CallRecord, presented: string, countsElsewhere: boolean, userId: string, teamId: string, organizationId: string, endUser: string): string {
  const alias = record.principal?.keyAlias;
  let json =
    `{"user_api_key":"${presented}","user_api_key_alias":${alias === undefined ? 'null' : jsonOf(alias)},"user_api_key_user_id":${userId},"user_api_key_team_id":${teamId},` +
    `"user_api_key_org_id":${organizationId},"user_api_key_end_user_id":${endUser},"statusCode":${record.status}`;
  if (countsElsewhere) json += `,"presentedKeyHash":"${presented}"`;
  json += `,"attempts":${JSON.stringify(record.attempts)},"stream":${record.stream}`;
  if (record.clientAborted) json += ',"clientAborted":true';
  if (record.errorType) json += `,"errorType":${JSON.stringify(record.errorType)}`;
  if (record.usage?.estimated) json += ',"usageEstimated":true';
  if (record.usage?.cachedPromptTokens) json += `,"cachedPromptTokens":${JSON.stringify(record.usage.cachedPromptTokens)}`;
  if (record.cacheKey) json += `,"cache_key":${JSON.stringify(record.cacheKey)}`;
  if (record.guardrails && record.guardrails.length > 0) json += `,"guardrails":${JSON.stringify(record.guardrails)}`;
  if (record.cacheHit) json += `,"cache_saved_spend":"${nanoToUsdString(record.savedCostNanoUsd ?? 0)}"`;
  const client = clientMetadataOf(record);
  if (client) json += `,"client":${client.json}`;
  return `${json}}`;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** An optional id as its JSON (`null` when unset); undefined for an empty or non-string one (readSpendRow refuses those). */
function idOrNull(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'null';
  return typeof value === 'string' && value !== '' ? jsonOf(value) : undefined;
}

/**
 * The JSON of a string the rows repeat (a model, a route, a deployment, a team): JSON.stringify of a short string
 * costs about 170 ns, a Map lookup 20, and a row has a dozen of them. The memo is dropped whole when full, so ids
 * that never repeat (a response's id is written with JSON.stringify) cannot grow it.
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
