import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { Guardrail, TextScanner } from '../../guardrail.ts';
import { scannerCheck } from '../../engine/scanner-check.ts';
import { findPii } from './find-pii.ts';
import type { PiiParams } from './pii-params.ts';

/** `switchboard_pii`: emails, phones, cards, IBANs, US SSNs, IP addresses and secrets, masked or blocked per entity. */
export function createPiiGuardrail(base: GuardrailBase, params: PiiParams): Guardrail {
  const options = { actions: params.actions, phoneRegion: params.phoneRegion };
  const scanner: TextScanner = { redacts: true, scan: (text, budget) => findPii(text, options, budget) };
  return { ...base, unmaskOutput: params.unmaskOutput, scanner, check: scannerCheck(scanner, params.unmaskOutput) };
}
