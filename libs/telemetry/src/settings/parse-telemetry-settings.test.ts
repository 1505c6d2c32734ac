import { describe, expect, it } from 'vitest';
import { parseTelemetrySettings, type TelemetrySettingsInput } from './parse-telemetry-settings.ts';
import { TelemetryConfigError } from './telemetry-config-error.ts';

const LANGFUSE_ENV = { LANGFUSE_PUBLIC_KEY: 'pk-lf-1', LANGFUSE_SECRET_KEY: 'sk-lf-1' };

function problemsOf(input: TelemetrySettingsInput): readonly string[] {
  try {
    parseTelemetrySettings(input);
  } catch (error) {
    if (error instanceof TelemetryConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a TelemetryConfigError');
}

describe('parseTelemetrySettings', () => {
  it('turns nothing on without callbacks', () => {
    const { settings, warnings } = parseTelemetrySettings({ env: {} });
    expect(settings).toEqual({ sinks: [], messageLogging: true, redactUserApiKeyInfo: false, defaultTeamSettings: [], destinationAllowList: [] });
    expect(warnings).toEqual([]);
  });

  it('reads otel from the standard OTEL_* variables', () => {
    const { settings, warnings } = parseTelemetrySettings({
      litellmSettings: { callbacks: ['otel'] },
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=abc,authorization=Bearer%20t',
        OTEL_SERVICE_NAME: 'edge-gw',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
      },
    });
    expect(warnings).toEqual([]);
    expect(settings.tracing).toEqual({
      tracesEndpoint: 'http://collector:4318/v1/traces',
      headers: { 'x-team': 'abc', authorization: 'Bearer t' },
      serviceName: 'edge-gw',
      resourceAttributes: { 'deployment.environment': 'prod' },
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 },
      captureMessageContent: false,
      forwardTraceparent: true,
      exportBatchSize: 64,
    });
  });

  it("takes the signal's own endpoint as is, LiteLLM's `opentelemetry` name, and the capture variable", () => {
    const { settings } = parseTelemetrySettings({
      litellmSettings: { success_callback: ['opentelemetry'] },
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/custom/traces', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'TRUE' },
    });
    expect(settings.tracing).toMatchObject({ tracesEndpoint: 'https://otlp.example.com/custom/traces', captureMessageContent: true, serviceName: 'switchboard-gateway', sampler: { kind: 'parentbased_always_on', ratio: 1 } });
  });

  it('lets turn_off_message_logging win over content capture, with a warning', () => {
    const { settings, warnings } = parseTelemetrySettings({
      litellmSettings: { callbacks: ['otel'], turn_off_message_logging: true },
      callbackSettings: { otel: { message_logging: true } },
      env: {},
    });
    expect(settings.messageLogging).toBe(false);
    expect(settings.tracing?.captureMessageContent).toBe(false);
    expect(warnings.join('\n')).toContain('turn_off_message_logging');
  });

  it('warns on a sampler it cannot build and keeps the default', () => {
    const { settings, warnings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['otel'] }, env: { OTEL_TRACES_SAMPLER: 'jaeger_remote' } });
    expect(settings.tracing?.sampler).toEqual({ kind: 'parentbased_always_on', ratio: 1 });
    expect(warnings[0]).toMatch(/^OTEL_TRACES_SAMPLER: "jaeger_remote" is not supported/);
  });

  it('leaves tracing off when the SDK is disabled', () => {
    const { settings, warnings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['otel'] }, env: { OTEL_SDK_DISABLED: 'true' } });
    expect(settings.tracing).toBeUndefined();
    expect(warnings[0]).toContain('OTEL_SDK_DISABLED');
  });

  it('builds langfuse, s3 and generic_api sinks with the outcomes their lists give', () => {
    const { settings, warnings } = parseTelemetrySettings({
      litellmSettings: {
        success_callback: ['langfuse', 's3_v2', 'prometheus'],
        failure_callback: ['langfuse', 'generic_api'],
        s3_callback_params: { s3_bucket_name: 'logs', s3_path: '/gateway/', s3_region_name: 'eu-west-1', s3_endpoint_url: 'http://127.0.0.1:9000', s3_aws_access_key_id: 'AK', s3_aws_secret_access_key: 'SK', s3_flush_interval: 2 },
      },
      env: { ...LANGFUSE_ENV, LANGFUSE_HOST: 'https://langfuse.internal.example/', GENERIC_LOGGER_ENDPOINT: 'https://hooks.example.com/llm', GENERIC_LOGGER_HEADERS: 'Authorization=Bearer w' },
    });
    expect(warnings).toEqual([]);
    expect(settings.sinks).toEqual([
      { kind: 'langfuse', name: 'langfuse', events: { success: true, failure: true }, batch: { batchSize: 100, flushIntervalMs: 5000, maxQueueSize: 10000 }, host: 'https://langfuse.internal.example', publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' },
      {
        kind: 's3', name: 's3', events: { success: true, failure: false }, batch: { batchSize: 100, flushIntervalMs: 2000, maxQueueSize: 10000 },
        bucket: 'logs', prefix: 'gateway', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
      },
      { kind: 'generic_api', name: 'generic_api', events: { success: false, failure: true }, batch: { batchSize: 100, flushIntervalMs: 5000, maxQueueSize: 10000 }, endpoint: 'https://hooks.example.com/llm', headers: { Authorization: 'Bearer w' }, logFormat: 'json_array' },
    ]);
  });

  it('enables a callback_settings webhook by defining it, filtered by its event_types', () => {
    const { settings } = parseTelemetrySettings({
      litellmSettings: { callbacks: ['audit_hook'] },
      callbackSettings: { audit_hook: { callback_type: 'generic_api', endpoint: 'https://audit.example.com/in', headers: { 'X-Key': 'k' }, event_types: ['llm_api_failure'], batch_size: 10, flush_interval: 1, log_format: 'ndjson' } },
      env: {},
    });
    expect(settings.sinks).toEqual([
      { kind: 'generic_api', name: 'audit_hook', events: { success: false, failure: true }, batch: { batchSize: 10, flushIntervalMs: 1000, maxQueueSize: 10000 }, endpoint: 'https://audit.example.com/in', headers: { 'X-Key': 'k' }, logFormat: 'ndjson' },
    ]);
  });

  it('accepts prometheus silently and warns loudly on a LiteLLM callback it does not implement', () => {
    const { settings, warnings } = parseTelemetrySettings({ litellmSettings: { success_callback: ['prometheus', 'datadog'], callbacks: ['custom_callbacks.proxy_handler_instance'] }, env: {} });
    expect(settings.sinks).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^litellm_settings\.success_callback\[1\]: "datadog" is a LiteLLM callback Switchboard does not implement: NOTHING IS SENT TO IT\. Supported: otel/);
    expect(warnings[1]).toContain('custom Python callback');
  });

  it('refuses a callback name nobody knows, naming it', () => {
    expect(problemsOf({ litellmSettings: { callbacks: ['langfsue'] }, env: {} })).toEqual([
      'litellm_settings.callbacks[0]: "langfsue" is not a callback LiteLLM or Switchboard knows. Supported: otel (opentelemetry), langfuse, s3 (s3_v2), generic_api (custom_callback_api), prometheus (served at /metrics)',
    ]);
  });

  it('refuses sinks missing a required setting, naming each setting', () => {
    expect(problemsOf({ litellmSettings: { callbacks: ['langfuse', 's3', 'generic_api'] }, env: {} })).toEqual([
      'langfuse: LANGFUSE_PUBLIC_KEY is required',
      'langfuse: LANGFUSE_SECRET_KEY is required',
      's3: litellm_settings.s3_callback_params.s3_bucket_name is required',
      'generic_api: GENERIC_LOGGER_ENDPOINT is required',
    ]);
    expect(problemsOf({ callbackSettings: { hook: { callback_type: 'generic_api' } }, env: {} })).toEqual(['hook: callback_settings.hook.endpoint is required']);
  });

  it('refuses URLs that are not http(s) and bad batch numbers', () => {
    expect(problemsOf({ litellmSettings: { callbacks: ['otel', 'langfuse'] }, callbackSettings: { langfuse: { batch_size: 0 } }, env: { ...LANGFUSE_ENV, LANGFUSE_HOST: 'ftp://x', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318' } })).toEqual([
      'callback_settings.langfuse.batch_size: "0" must be a positive whole number',
      'langfuse: LANGFUSE_HOST "ftp://x" is not an http(s) URL without credentials',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "collector:4318" is not an http(s) URL',
    ]);
  });

  it('takes the export batch size from OTEL_BSP_MAX_EXPORT_BATCH_SIZE and refuses one the queue cannot hold', () => {
    const { settings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['otel'] }, env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256' } });
    expect(settings.tracing?.exportBatchSize).toBe(256);
    expect(problemsOf({ litellmSettings: { callbacks: ['otel'] }, env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '4096' } })).toEqual(['OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "4096" is not a whole number from 1 to 2048 (the queue\'s size)']);
  });

  it('warns on s3_callback_params it ignores', () => {
    const { warnings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['s3'], s3_callback_params: { s3_bucket_name: 'b', s3_use_team_prefix: true } }, env: {} });
    expect(warnings).toEqual(['litellm_settings.s3_callback_params: s3_use_team_prefix not supported, ignored']);
  });

  it('reads default_team_settings per team, falling back to the global values', () => {
    const { settings } = parseTelemetrySettings({
      litellmSettings: {
        default_team_settings: [
          { team_id: 'research', success_callback: ['langfuse'], langfuse_public_key: 'pk-team', langfuse_secret: 'sk-team' },
          { team_id: 'ops', callbacks: ['langfuse'] },
        ],
      },
      env: LANGFUSE_ENV,
    });
    expect(settings.defaultTeamSettings).toMatchObject([
      { teamId: 'research', sinks: [{ kind: 'langfuse', publicKey: 'pk-team', secretKey: 'sk-team', events: { success: true, failure: false } }] },
      { teamId: 'ops', sinks: [{ kind: 'langfuse', publicKey: 'pk-lf-1', secretKey: 'sk-lf-1', host: 'https://cloud.langfuse.com' }] },
    ]);
    expect(problemsOf({ litellmSettings: { default_team_settings: [{ success_callback: ['langfuse'] }] }, env: {} })).toEqual(['litellm_settings.default_team_settings[0].team_id is required']);
  });

  it('reads redact_user_api_key_info and forward_traceparent_to_llm_provider', () => {
    const { settings } = parseTelemetrySettings({ litellmSettings: { callbacks: ['otel'], redact_user_api_key_info: true, forward_traceparent_to_llm_provider: false }, env: {} });
    expect(settings.redactUserApiKeyInfo).toBe(true);
    expect(settings.tracing?.forwardTraceparent).toBe(false);
  });

  it('reads the logging destination allow-list and refuses a malformed entry', () => {
    expect(parseTelemetrySettings({ generalSettings: { logging_destination_allowlist: ['cloud.langfuse.com', '*.hooks.example.com'] }, env: {} }).settings.destinationAllowList).toEqual(['cloud.langfuse.com', '*.hooks.example.com']);
    expect(problemsOf({ generalSettings: { logging_destination_allowlist: ['https://x.example.com/path'] }, env: {} })).toEqual([
      'general_settings.logging_destination_allowlist: "https://x.example.com/path" is not an origin (https://host[:port]), a host name or *.domain',
    ]);
  });
});
