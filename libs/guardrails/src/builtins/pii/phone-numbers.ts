import { loadOnUse } from '@switchboard/load-on-use';

type PhoneNumbers = typeof import('libphonenumber-js/max');
let loaded: PhoneNumbers | undefined;

/**
 * libphonenumber with its full metadata, loaded on first use (loadOnUse): most gateways never run the PII
 * guardrail, and evaluating it at start cost several MB of resident memory.
 */
export function phoneNumbers(): PhoneNumbers {
  loaded ??= loadOnUse<PhoneNumbers>(() => require('libphonenumber-js/max'), 'libphonenumber-js/max');
  return loaded;
}
