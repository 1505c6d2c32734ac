import { loadOnUse } from '@switchboard/load-on-use';

type OtelSdk = {
  core: typeof import('@opentelemetry/core');
  exporter: typeof import('@opentelemetry/exporter-trace-otlp-proto');
  resources: typeof import('@opentelemetry/resources');
  node: typeof import('@opentelemetry/sdk-trace-node');
};

let sdk: OtelSdk | undefined;

/**
 * The OpenTelemetry SDK and its OTLP exporter, loaded the first time tracing is turned on: with tracing off
 * (the default) a gateway never evaluates them, which keeps their code and objects (about 20 MB resident)
 * out of its memory (see loadOnUse).
 */
export function loadOtelSdk(): OtelSdk {
  sdk ??= {
    core: loadOnUse<OtelSdk['core']>(() => require('@opentelemetry/core'), '@opentelemetry/core'),
    exporter: loadOnUse<OtelSdk['exporter']>(() => require('@opentelemetry/exporter-trace-otlp-proto'), '@opentelemetry/exporter-trace-otlp-proto'),
    resources: loadOnUse<OtelSdk['resources']>(() => require('@opentelemetry/resources'), '@opentelemetry/resources'),
    node: loadOnUse<OtelSdk['node']>(() => require('@opentelemetry/sdk-trace-node'), '@opentelemetry/sdk-trace-node'),
  };
  return sdk;
}
