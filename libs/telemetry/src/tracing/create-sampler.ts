import type { Sampler } from '@opentelemetry/sdk-trace-node';
import type { TracingSettings } from '../settings/telemetry-settings.ts';
import { loadOtelSdk } from './load-otel-sdk.ts';

/** The SDK sampler for `OTEL_TRACES_SAMPLER` / `_ARG` as parsed. */
export function createSampler({ kind, ratio }: TracingSettings['sampler']): Sampler {
  const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } = loadOtelSdk().node;
  switch (kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
