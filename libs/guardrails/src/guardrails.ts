import { HttpError } from '@switchboard/service-kit';
import { buildGuardrail, type GuardrailDeps } from './build-guardrail.ts';
import { parseGuardrailsConfig } from './config/parse-guardrails-config.ts';
import { PlaceholderVault } from './engine/placeholder-vault.ts';
import { runGuardrail } from './engine/run-guardrail.ts';
import type { CallerInfo, Guardrail } from './guardrail.ts';
import { GuardrailCall, type GuardrailCallOptions } from './guardrail-call.ts';
import type { GuardrailOutcome } from './outcome.ts';
import { selectGuardrails, type GuardrailSelection, type SelectionInput } from './selection/select-guardrails.ts';

/** One guardrail as LiteLLM's `GET /guardrails/list` shows it: no credentials, no service URLs. */
export interface ListedGuardrail {
  guardrail_name: string;
  litellm_params: { guardrail: string; mode: string | string[]; default_on: boolean };
  guardrail_info: Record<string, unknown> | null;
}

/**
 * One guardrail as LiteLLM's `GET /v2/guardrails/list` and `GET /guardrails/{id}/info` show it: the list's entry, and
 * where it is defined. Every guardrail here comes from the config, so its id is its name (stable across restarts and
 * replicas) and it has no creation or update time.
 */
export interface GuardrailInfo extends ListedGuardrail {
  guardrail_id: string;
  created_at: null;
  updated_at: null;
  guardrail_definition_location: 'config';
}

export interface ApplyGuardrailInput {
  guardrailName: string;
  text: string;
  /** LiteLLM's `input_type`: check the text as a request (default) or as a response. */
  inputType?: 'request' | 'response';
  requestId: string;
  caller?: CallerInfo;
}

/** The configured guardrails: what the gateway builds once at startup and asks per call. */
export class Guardrails {
  private readonly byName: ReadonlyMap<string, Guardrail>;

  constructor(
    readonly all: readonly Guardrail[],
    /** Config settings given but not acted on, for the startup log. */
    readonly warnings: readonly string[] = [],
  ) {
    this.byName = new Map(all.map((guardrail) => [guardrail.name, guardrail]));
  }

  /** True when no guardrail is configured: the gateway can leave the whole feature out of its pipeline. */
  get isEmpty(): boolean {
    return this.all.length === 0;
  }

  /** Which guardrails a call runs (see selectGuardrails): throws a 400 for an unknown requested name, a 503 for a missing enforced one. */
  select(input: SelectionInput): GuardrailSelection {
    return selectGuardrails(this.all, input);
  }

  /** The per-call runner for a selection. */
  startCall(selection: GuardrailSelection, options: GuardrailCallOptions): GuardrailCall {
    return new GuardrailCall(selection, options);
  }

  /** `GET /guardrails/list`, LiteLLM's shape. */
  list(): { guardrails: ListedGuardrail[] } {
    return {
      guardrails: this.all.map((guardrail) => ({
        guardrail_name: guardrail.name,
        litellm_params: { guardrail: guardrail.type, mode: guardrail.modeAsWritten, default_on: guardrail.defaultOn },
        guardrail_info: guardrail.info ?? null,
      })),
    };
  }

  /** `GET /v2/guardrails/list`, LiteLLM's shape. */
  listInfo(): { guardrails: GuardrailInfo[] } {
    return { guardrails: this.list().guardrails.map(infoOf) };
  }

  /** `GET /guardrails/{guardrail_id}/info`: undefined for an id no guardrail has. */
  info(guardrailId: string): GuardrailInfo | undefined {
    const listed = this.list().guardrails.find((guardrail) => guardrail.guardrail_name === guardrailId);
    return listed ? infoOf(listed) : undefined;
  }

  /**
   * `POST /guardrails/apply_guardrail`: one guardrail on one text, whatever its modes. Returns the text as
   * the guardrail leaves it (LiteLLM's `response_text`); throws GuardrailViolationError when it blocks,
   * GuardrailUnavailableError when it cannot run (unless it fails open), a 404 for an unknown name.
   */
  async apply(input: ApplyGuardrailInput): Promise<{ responseText: string; outcome: GuardrailOutcome }> {
    const guardrail = this.byName.get(input.guardrailName);
    if (!guardrail) throw new HttpError(404, `Unknown guardrail "${input.guardrailName}"`, { code: 'guardrail_not_found', param: 'guardrail_name' });
    const phase = input.inputType ?? 'request';
    const mode = phase === 'request' ? 'pre_call' : 'post_call';
    const context = { phase, purpose: 'enforce' as const, vault: new PlaceholderVault(), requestId: input.requestId, caller: input.caller ?? {} };
    const run = await runGuardrail(guardrail, mode, [{ text: input.text, role: phase === 'request' ? 'user' : 'assistant', part: 'content' }], context, true, () => undefined);
    return { responseText: run.masked?.[0] ?? input.text, outcome: run.outcome };
  }
}

/**
 * Parses LiteLLM's `guardrails:` list and builds every guardrail; throws GuardrailConfigError naming the
 * entry and field for a bad one (call it at startup: guardrails fail closed).
 */
export function createGuardrails(config: unknown, deps: GuardrailDeps = {}): Guardrails {
  const { specs, warnings } = parseGuardrailsConfig(config);
  return new Guardrails(
    specs.map((spec) => buildGuardrail(spec, deps)),
    warnings,
  );
}

function infoOf(listed: ListedGuardrail): GuardrailInfo {
  return { guardrail_id: listed.guardrail_name, ...listed, created_at: null, updated_at: null, guardrail_definition_location: 'config' };
}
