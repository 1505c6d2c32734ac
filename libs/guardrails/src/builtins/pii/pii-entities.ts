/**
 * The entities `switchboard_pii` finds, in priority order: when two findings overlap and start at the same
 * place with the same length, the earlier entity wins (a card number is not also a phone number).
 */
export const PII_ENTITIES = ['SECRET', 'EMAIL', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'PHONE'] as const;

export type PiiEntity = (typeof PII_ENTITIES)[number];

/** Presidio's and LiteLLM's names for the same entities, accepted in `pii_entities_config`. */
const ALIASES: Readonly<Record<string, PiiEntity>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  IBAN_CODE: 'IBAN',
  API_KEY: 'SECRET',
};

export function piiEntityNamed(name: string): PiiEntity | undefined {
  const upper = name.toUpperCase();
  if ((PII_ENTITIES as readonly string[]).includes(upper)) return upper as PiiEntity;
  return ALIASES[upper];
}
