import type { SamplerKind, TracingSettings } from './telemetry-settings.ts';
import { envValue, type Env, type SettingsReport } from './settings-report.ts';

const SAMPLERS: readonly SamplerKind[] = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
const DEFAULT: TracingSettings['sampler'] = { kind: 'parentbased_always_on', ratio: 1 };

/** `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` as the OTel spec defines them; anything else warns and keeps the default. */
export function parseSampler(env: Env, report: SettingsReport): TracingSettings['sampler'] {
  const name = envValue(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase();
  if (name === undefined) return DEFAULT;
  const kind = SAMPLERS.find((sampler) => sampler === name);
  if (!kind) {
    report.warnings.push(`OTEL_TRACES_SAMPLER: "${name}" is not supported (use one of ${SAMPLERS.join(', ')}); using parentbased_always_on`);
    return DEFAULT;
  }
  if (!kind.endsWith('traceidratio')) return { kind, ratio: 1 };
  const arg = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) return { kind, ratio: 1 };
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    report.warnings.push(`OTEL_TRACES_SAMPLER_ARG: "${arg}" is not a ratio between 0 and 1; using 1`);
    return { kind, ratio: 1 };
  }
  return { kind, ratio };
}
