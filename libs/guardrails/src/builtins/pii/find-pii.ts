import type { CountryCode } from 'libphonenumber-js/max';
import type { Finding, ScanBudget } from '../../guardrail.ts';
import { resolveOverlaps } from '../../engine/resolve-overlaps.ts';
import { findEmails } from './find-emails.ts';
import { findIbans } from './find-ibans.ts';
import { findIpAddresses } from './find-ip-addresses.ts';
import { findPaymentCards } from './find-payment-cards.ts';
import { findPhoneNumbers } from './find-phone-numbers.ts';
import { findSecrets } from './find-secrets.ts';
import { findUsSsns } from './find-us-ssns.ts';
import { PII_ENTITIES, type PiiEntity } from './pii-entities.ts';
import type { Span } from './span.ts';

export interface PiiScanOptions {
  /** The entities to look for and what to do with each. */
  actions: ReadonlyMap<PiiEntity, 'mask' | 'block'>;
  phoneRegion: CountryCode;
}

type Finder = (text: string, options: PiiScanOptions, budget: ScanBudget) => Span[];

const FINDERS: Readonly<Record<PiiEntity, Finder>> = {
  SECRET: findSecrets,
  EMAIL: findEmails,
  CREDIT_CARD: findPaymentCards,
  IBAN: findIbans,
  US_SSN: findUsSsns,
  IP_ADDRESS: findIpAddresses,
  PHONE: (text, options, budget) => findPhoneNumbers(text, options.phoneRegion, budget),
};

/** Cheap tests that rule a finder out for a text without running it. */
const NEEDS: Partial<Record<PiiEntity, (text: string) => boolean>> = {
  EMAIL: (text) => text.includes('@'),
  CREDIT_CARD: (text) => /\d/.test(text),
  IBAN: (text) => /\d/.test(text),
  US_SSN: (text) => /\d/.test(text),
  PHONE: (text) => /\d/.test(text),
};

/** Every enabled entity in `text`, overlaps resolved by priority (a card number is not also a phone number). */
export function findPii(text: string, options: PiiScanOptions, budget: ScanBudget = { validations: Number.POSITIVE_INFINITY }): Finding[] {
  const findings: Finding[] = [];
  for (const entity of PII_ENTITIES) {
    const action = options.actions.get(entity);
    if (action === undefined || NEEDS[entity]?.(text) === false) continue;
    for (const span of FINDERS[entity](text, options, budget)) findings.push({ start: span.start, end: span.end, label: entity, action });
  }
  return resolveOverlaps(findings);
}
