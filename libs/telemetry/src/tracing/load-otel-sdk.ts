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
 * out of its memory. A plain `require` is bundled by esbuild as a lazily evaluated module.
 */
export function loadOtelSdk(): OtelSdk {
  sdk ??= {
    core: require('@opentelemetry/core') as OtelSdk['core'],
    exporter: require('@opentelemetry/exporter-trace-otlp-proto') as OtelSdk['exporter'],
    resources: require('@opentelemetry/resources') as OtelSdk['resources'],
    node: require('@opentelemetry/sdk-trace-node') as OtelSdk['node'],
  };
  return sdk;
}
