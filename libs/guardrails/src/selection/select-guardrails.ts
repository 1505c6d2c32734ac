import { HttpError } from '@switchboard/service-kit';
import { GuardrailUnavailableError } from '../errors/guardrail-unavailable-error.ts';
import type { Guardrail } from '../guardrail.ts';

type Metadata = Readonly<Record<string, unknown>>;

export interface SelectionInput {
  /** The client's request body (`guardrails`, `metadata.guardrails`, `litellm_metadata.guardrails` are read). */
  body: Readonly<Record<string, unknown>>;
  /** The virtual key's metadata: `guardrails` (enforced) and `disable_global_guardrails` (admin-set). */
  keyMetadata?: Metadata;
  /** The key's team's metadata, read the same way. */
  teamMetadata?: Metadata;
}

/** The guardrails one call runs, in config order, and how each came to be selected. */
export interface GuardrailSelection {
  guardrails: readonly Guardrail[];
  /** Names the call must run whatever the request says: default_on ones, the key's and the team's. */
  enforced: ReadonlySet<string>;
  /** `extra_body` from the request, only for guardrails the request itself added. */
  dynamicParams: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Request fields that tried to switch guardrails off or tune enforced ones: ignored, said here. */
  warnings: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** LiteLLM's request-side ways to switch guardrails off; none of them may remove an enforced guardrail. */
const REQUEST_DISABLE_FIELDS = ['disable_global_guardrails', 'disable_global_guardrail', 'opted_out_global_guardrails'] as const;

function namesIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
}

interface Requested {
  names: string[];
  dynamicParams: Map<string, Record<string, unknown>>;
  warnings: string[];
}

/**
 * A request's `guardrails` value, as LiteLLM reads it: a list of names, of `{name: {extra_body}}` objects,
 * or the legacy `{name: true|false}` map (where `false` cannot switch anything off here).
 */
function readRequested(value: unknown, where: string, into: Requested): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') into.names.push(item);
      else if (isRecord(item)) {
        for (const [name, settings] of Object.entries(item)) {
          into.names.push(name);
          if (isRecord(settings) && isRecord(settings.extra_body)) into.dynamicParams.set(name, settings.extra_body);
        }
      } else throw malformed(where);
    }
    return;
  }
  if (isRecord(value)) {
    for (const [name, on] of Object.entries(value)) {
      if (on === true) into.names.push(name);
      else into.warnings.push(`${where}.${name}: a request cannot switch a guardrail off, ignored`);
    }
    return;
  }
  throw malformed(where);
}

/** A `guardrails` value that is neither a list of names (or `{name: {extra_body}}`) nor a `{name: true}` map. */
const malformed = (where: string) => new HttpError(400, `${where} must be a list of guardrail names (or {"name": {"extra_body": {...}}} items)`, { code: 'invalid_guardrails', param: where });

function fromRequest(body: Readonly<Record<string, unknown>>): Requested {
  const requested: Requested = { names: [], dynamicParams: new Map(), warnings: [] };
  readRequested(body.guardrails, 'guardrails', requested);
  for (const holder of ['metadata', 'litellm_metadata'] as const) {
    const metadata = body[holder];
    if (!isRecord(metadata)) continue;
    readRequested(metadata.guardrails, `${holder}.guardrails`, requested);
    for (const field of REQUEST_DISABLE_FIELDS) {
      if (metadata[field] !== undefined) requested.warnings.push(`${holder}.${field}: a request cannot switch guardrails off, ignored`);
    }
  }
  for (const field of REQUEST_DISABLE_FIELDS) {
    if (body[field] !== undefined) requested.warnings.push(`${field}: a request cannot switch guardrails off, ignored`);
  }
  return requested;
}

/**
 * Which guardrails run for a call: the `default_on` ones (unless the key's or team's admin-set
 * `disable_global_guardrails` is true), plus the key's and the team's `guardrails` (enforced), plus those
 * the request adds. A request can add guardrails, never remove one; its `extra_body` reaches only the
 * guardrails it added, so it cannot tune an enforced one down either. A requested name that is not
 * configured is the client's error (400); an enforced one that is not configured fails the call closed (503).
 */
export function selectGuardrails(configured: readonly Guardrail[], input: SelectionInput): GuardrailSelection {
  const byName = new Map(configured.map((guardrail) => [guardrail.name, guardrail]));
  const attached = [...namesIn(input.keyMetadata?.guardrails), ...namesIn(input.teamMetadata?.guardrails)];
  for (const name of attached) {
    if (!byName.has(name)) throw new GuardrailUnavailableError(name, 'it is required for this key or team but is not configured');
  }
  const globalsOff = input.keyMetadata?.disable_global_guardrails === true || input.teamMetadata?.disable_global_guardrails === true;
  const enforced = new Set(attached);
  if (!globalsOff) for (const guardrail of configured) if (guardrail.defaultOn) enforced.add(guardrail.name);

  const requested = fromRequest(input.body);
  for (const name of requested.names) {
    if (!byName.has(name)) throw new HttpError(400, `Unknown guardrail "${name}": it is not configured on this gateway`, { code: 'guardrail_not_found', param: 'guardrails' });
  }
  const dynamicParams = new Map<string, Record<string, unknown>>();
  for (const [name, params] of requested.dynamicParams) {
    if (enforced.has(name)) requested.warnings.push(`guardrails.${name}.extra_body: ${name} is enforced for this key; a request cannot change its settings, ignored`);
    else dynamicParams.set(name, params);
  }
  const selected = new Set([...enforced, ...requested.names]);
  return {
    guardrails: configured.filter((guardrail) => selected.has(guardrail.name)),
    enforced,
    dynamicParams,
    warnings: requested.warnings,
  };
}
