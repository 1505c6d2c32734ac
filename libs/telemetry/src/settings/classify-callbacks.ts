import { IMPLEMENTED_CALLBACKS, LITELLM_ONLY_CALLBACKS, SUPPORTED_CALLBACKS_TEXT } from './callback-names.ts';
import type { CallbackVars } from './sink-fields.ts';
import type { SettingsReport } from './settings-report.ts';
import type { SinkEvents } from './telemetry-settings.ts';

export type BuiltInSink = 'langfuse' | 's3' | 'generic_api';

export interface ClassifiedCallbacks {
  tracing: boolean;
  /** The built-in sinks named, with the outcomes each receives. */
  sinks: Map<BuiltInSink, SinkEvents>;
}

const LISTS: readonly { key: string; events: SinkEvents }[] = [
  { key: 'success_callback', events: { success: true, failure: false } },
  { key: 'failure_callback', events: { success: false, failure: true } },
  { key: 'callbacks', events: { success: true, failure: true } },
];

/** A list setting: LiteLLM also takes a single name (`callbacks: custom_callbacks.handler`). */
function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Sorts the callback names of one settings object (`litellm_settings`, a `default_team_settings` entry):
 * ours turn something on, LiteLLM's others warn loudly, anything else is an error naming it.
 * `customNames` are `callback_settings` entries, which may be listed by their own name.
 */
export function classifyCallbacks(settings: CallbackVars, where: string, customNames: ReadonlySet<string>, report: SettingsReport): ClassifiedCallbacks {
  const classified: ClassifiedCallbacks = { tracing: false, sinks: new Map() };
  for (const { key, events } of LISTS) {
    listOf(settings[key]).forEach((name, index) => {
      const at = `${where}.${key}[${index}]`;
      if (typeof name !== 'string' || name.trim() === '') {
        report.errors.push(`${at}: a callback is named by a non-empty string`);
        return;
      }
      const target = IMPLEMENTED_CALLBACKS[name];
      if (target === 'tracing') classified.tracing = true;
      else if (target === 'langfuse' || target === 's3' || target === 'generic_api') {
        const known = classified.sinks.get(target);
        classified.sinks.set(target, { success: events.success || (known?.success ?? false), failure: events.failure || (known?.failure ?? false) });
      } else if (target === 'metrics' || customNames.has(name)) {
        // prometheus is our /metrics; a callback_settings entry is enabled by being defined.
      } else if (LITELLM_ONLY_CALLBACKS.has(name)) {
        report.warnings.push(`${at}: "${name}" is a LiteLLM callback Switchboard does not implement: NOTHING IS SENT TO IT. Supported: ${SUPPORTED_CALLBACKS_TEXT}`);
      } else if (name.includes('.')) {
        report.warnings.push(`${at}: "${name}" looks like a custom Python callback class, which cannot run here: NOTHING IS SENT TO IT. Supported: ${SUPPORTED_CALLBACKS_TEXT}`);
      } else {
        report.errors.push(`${at}: "${name}" is not a callback LiteLLM or Switchboard knows. Supported: ${SUPPORTED_CALLBACKS_TEXT}`);
      }
    });
  }
  return classified;
}
