import type { DataPlaneDeps, StoredPayloadLimits } from '@switchboard/data-plane';

/**
 * Whether spend rows keep requests and answers (`store_prompts_in_spend_logs`): the config file's (or the
 * environment's) setting until `/config/update` stores one, which every gateway applies when the change's
 * invalidation reaches it; never while `turn_off_message_logging` is set (LiteLLM redacts the content then). The
 * stored value may arrive before the routes exist (it is read at start, before they are mounted): it is kept and
 * applied to their deps when they are attached.
 */
export class StoredPromptsSetting {
  private override: boolean | undefined;
  private deps: DataPlaneDeps | undefined;

  constructor(
    private readonly fromFile: boolean,
    private readonly limits: StoredPayloadLimits,
    private readonly messageLoggingOff = false,
  ) {}

  /** What the routes run with now: the limits when on, undefined when off. */
  get inForce(): StoredPayloadLimits | undefined {
    return !this.messageLoggingOff && (this.override ?? this.fromFile) ? this.limits : undefined;
  }

  /** `/config/update`'s value; undefined: none stored, the file's applies. */
  setOverride(value: boolean | undefined): void {
    this.override = value;
    this.apply();
  }

  attach(deps: DataPlaneDeps): void {
    this.deps = deps;
    this.apply();
  }

  private apply(): void {
    if (!this.deps) return;
    // Assigned, never deleted: a delete would turn the deps object, read on every call, into a slow dictionary.
    this.deps.storePayloads = this.inForce;
  }
}
