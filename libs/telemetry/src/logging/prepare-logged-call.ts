import type { RedactText } from '../tracing/to-gen-ai-messages.ts';
import type { LoggedCall } from './logged-call.ts';

export interface PrepareOptions {
  /** False with `turn_off_message_logging`: prompts and answers are dropped. */
  messageLogging: boolean;
  /** `redact_user_api_key_info`: key hash and alias, user, team and organization are dropped. */
  redactUserApiKeyInfo: boolean;
  redactText?: RedactText;
}

function redactStrings(value: unknown, redact: RedactText): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  return value;
}

/** The call as sinks may see it: content dropped or redacted, identities dropped when asked. Returns the same object when nothing changes. */
export function prepareLoggedCall(call: LoggedCall, options: PrepareOptions): LoggedCall {
  const hasContent = call.messages !== undefined || call.responseText !== undefined;
  if (!options.redactUserApiKeyInfo && !(hasContent && (!options.messageLogging || options.redactText))) return call;
  const prepared: LoggedCall = { ...call };
  if (!options.messageLogging) {
    delete prepared.messages;
    delete prepared.responseText;
  } else if (options.redactText) {
    if (prepared.messages !== undefined) prepared.messages = redactStrings(prepared.messages, options.redactText);
    if (prepared.responseText !== undefined) prepared.responseText = options.redactText(prepared.responseText);
  }
  if (options.redactUserApiKeyInfo) {
    delete prepared.keyHash;
    delete prepared.keyAlias;
    delete prepared.teamId;
    delete prepared.teamAlias;
    delete prepared.userId;
    delete prepared.organizationId;
  }
  return prepared;
}
