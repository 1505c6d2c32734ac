import { z } from 'zod';
import { configBool, configNumber } from './config-values.ts';
import { GuardrailConfigError } from './guardrail-config-error.ts';
import { GUARDRAIL_PARAM_SCHEMAS, paramNamesOf, type GuardrailSpec } from './guardrail-param-schemas.ts';
import { CODE_GUARDRAIL_TYPES, GUARDRAIL_TYPES, isGuardrailType, LITELLM_TYPES_NOT_IMPLEMENTED, type GuardrailType } from './guardrail-types.ts';
import { parseGuardrailModes } from './parse-guardrail-modes.ts';

export interface ParsedGuardrailsConfig {
  specs: GuardrailSpec[];
  /** Settings that were given but are not acted on (LiteLLM options Switchboard does not have). */
  warnings: string[];
}

/** Seconds for guardrails that call a service, unless `timeout` says otherwise. */
export const DEFAULT_GUARDRAIL_TIMEOUT_S = 10;

const ENTRY_KEYS: ReadonlySet<string> = new Set(['guardrail_name', 'litellm_params', 'guardrail_info', 'guardrail_id']);

/** What every type shares in `litellm_params`. `unreachable_fallback` and `fail_on_error` are LiteLLM's spellings of `fail_open`. */
const commonSchema = z.object({
  default_on: configBool.optional(),
  fail_open: configBool.optional(),
  unreachable_fallback: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['fail_open', 'fail_closed'], { errorMap: () => ({ message: 'must be fail_open or fail_closed' }) }))
    .optional(),
  fail_on_error: configBool.optional(),
  timeout: configNumber.pipe(z.number().positive('must be above 0')).optional(),
});
const COMMON_KEYS: ReadonlySet<string> = new Set(['guardrail', 'mode', ...Object.keys(commonSchema.shape)]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function firstIssue(error: z.ZodError, prefix: string): { field: string; message: string } {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  return { field: path ? `${prefix}.${path}` : prefix, message: issue?.message ?? 'invalid' };
}

function checkType(where: string, value: unknown): GuardrailType {
  const field = 'litellm_params.guardrail';
  const supported = `supported: ${GUARDRAIL_TYPES.join(', ')}`;
  if (typeof value !== 'string' || value.trim() === '') throw new GuardrailConfigError(where, field, `required (${supported})`);
  const type = value.trim();
  if (isGuardrailType(type)) return type;
  if (CODE_GUARDRAIL_TYPES.has(type)) {
    throw new GuardrailConfigError(where, field, `"${type}" runs code from the config, which Switchboard never does (LiteLLM's was a remote code execution hole); ${supported}`);
  }
  if (LITELLM_TYPES_NOT_IMPLEMENTED.has(type)) throw new GuardrailConfigError(where, field, `"${type}" is a LiteLLM guardrail Switchboard does not implement; ${supported}`);
  throw new GuardrailConfigError(where, field, `unknown guardrail type "${type}"; ${supported}`);
}

function parseEntry(entry: unknown, index: number, seen: Set<string>, warnings: string[]): GuardrailSpec {
  let where = `guardrails[${index}]`;
  if (!isRecord(entry)) throw new GuardrailConfigError(where, 'entry', 'must be a mapping with guardrail_name and litellm_params');
  const name = entry.guardrail_name;
  if (typeof name !== 'string' || name.trim() === '') throw new GuardrailConfigError(where, 'guardrail_name', 'required (a non-empty string)');
  where = `${where} "${name}"`;
  if (seen.has(name)) throw new GuardrailConfigError(where, 'guardrail_name', 'used by an earlier entry; names must be unique');
  seen.add(name);
  const info = entry.guardrail_info;
  if (info !== undefined && !isRecord(info)) throw new GuardrailConfigError(where, 'guardrail_info', 'must be a mapping');
  for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) warnings.push(`${where}: ${key}: not supported, ignored`);

  const params = entry.litellm_params;
  if (!isRecord(params)) throw new GuardrailConfigError(where, 'litellm_params', 'required (a mapping with guardrail and mode)');
  const type = checkType(where, params.guardrail);
  const modes = parseGuardrailModes(params.mode);
  if (typeof modes === 'string') throw new GuardrailConfigError(where, 'litellm_params.mode', modes);

  const common = commonSchema.safeParse(params);
  if (!common.success) {
    const { field, message } = firstIssue(common.error, 'litellm_params');
    throw new GuardrailConfigError(where, field, message);
  }
  const typed = GUARDRAIL_PARAM_SCHEMAS[type].safeParse(params);
  if (!typed.success) {
    const { field, message } = firstIssue(typed.error, 'litellm_params');
    throw new GuardrailConfigError(where, field, message);
  }
  const known = new Set([...COMMON_KEYS, ...paramNamesOf(type)]);
  for (const key of Object.keys(params)) if (!known.has(key)) warnings.push(`${where}: litellm_params.${key}: not supported by ${type}, ignored`);

  const { default_on, fail_open, unreachable_fallback, fail_on_error, timeout } = common.data;
  const base = {
    name,
    type,
    modes: modes.modes,
    modeAsWritten: modes.asWritten,
    defaultOn: default_on ?? false,
    failOpen: fail_open === true || unreachable_fallback === 'fail_open' || fail_on_error === false,
    timeoutMs: Math.round((timeout ?? DEFAULT_GUARDRAIL_TIMEOUT_S) * 1000),
    ...(info === undefined ? {} : { info }),
  };
  // `type` and `typed.data` come from the same table entry; TypeScript cannot correlate the two unions.
  return { type, base, params: typed.data, where } as GuardrailSpec;
}

/**
 * LiteLLM's top-level `guardrails:` list (also found under `litellm_settings.guardrails`), validated. Any
 * bad entry is a GuardrailConfigError naming the entry and the field: guardrails fail closed, so a
 * misconfigured one stops the start instead of being skipped.
 */
export function parseGuardrailsConfig(raw: unknown): ParsedGuardrailsConfig {
  if (raw === undefined || raw === null) return { specs: [], warnings: [] };
  if (!Array.isArray(raw)) throw new GuardrailConfigError('guardrails', 'guardrails', 'must be a list of {guardrail_name, litellm_params}');
  const seen = new Set<string>();
  const warnings: string[] = [];
  const specs = raw.map((entry, index) => parseEntry(entry, index, seen, warnings));
  return { specs, warnings };
}
