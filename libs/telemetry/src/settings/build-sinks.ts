import type { GenericApiFields, LangfuseFields, S3Fields } from './sink-fields.ts';
import { httpUrl, type SettingsReport } from './settings-report.ts';
import { DEFAULT_LANGFUSE_HOST, type BatchSettings, type GenericApiSinkSettings, type LangfuseSinkSettings, type S3SinkSettings, type SinkEvents } from './telemetry-settings.ts';

export interface SinkBuild<Labels> {
  name: string;
  events: SinkEvents;
  batch: BatchSettings;
  /** The setting each field came from, for the messages (`LANGFUSE_SECRET_KEY`, `team t1 logging[0].callback_vars.langfuse_host`). */
  labels: Labels;
}

export function buildLangfuseSink(fields: LangfuseFields, build: SinkBuild<Record<keyof LangfuseFields, string>>, report: SettingsReport): LangfuseSinkSettings | undefined {
  const before = report.errors.length;
  if (!fields.publicKey) report.errors.push(`${build.name}: ${build.labels.publicKey} is required`);
  if (!fields.secretKey) report.errors.push(`${build.name}: ${build.labels.secretKey} is required`);
  const host = fields.host ?? DEFAULT_LANGFUSE_HOST;
  const url = httpUrl(host);
  if (!url) report.errors.push(`${build.name}: ${build.labels.host} "${host}" is not an http(s) URL without credentials`);
  if (report.errors.length > before || !url || !fields.publicKey || !fields.secretKey) return undefined;
  return { kind: 'langfuse', name: build.name, events: build.events, batch: build.batch, host: url.href.replace(/\/+$/, ''), publicKey: fields.publicKey, secretKey: fields.secretKey };
}

export function buildS3Sink(fields: S3Fields, build: SinkBuild<Record<'bucket' | 'endpoint' | 'accessKeyId' | 'secretAccessKey', string>>, report: SettingsReport): S3SinkSettings | undefined {
  const before = report.errors.length;
  if (!fields.bucket) report.errors.push(`${build.name}: ${build.labels.bucket} is required`);
  const endpoint = fields.endpoint ? httpUrl(fields.endpoint) : undefined;
  if (fields.endpoint && !endpoint) report.errors.push(`${build.name}: ${build.labels.endpoint} "${fields.endpoint}" is not an http(s) URL without credentials`);
  if (Boolean(fields.accessKeyId) !== Boolean(fields.secretAccessKey)) {
    report.errors.push(`${build.name}: ${build.labels.accessKeyId} and ${build.labels.secretAccessKey} go together`);
  }
  if (report.errors.length > before || !fields.bucket) return undefined;
  return {
    kind: 's3',
    name: build.name,
    events: build.events,
    batch: build.batch,
    bucket: fields.bucket,
    prefix: (fields.prefix ?? '').replace(/^\/+|\/+$/g, ''),
    region: fields.region ?? 'us-east-1',
    ...(endpoint ? { endpoint: endpoint.href.replace(/\/+$/, '') } : {}),
    // LiteLLM addresses S3-compatible stores path-style unless told otherwise; AWS itself virtual-hosted.
    forcePathStyle: endpoint !== undefined && fields.virtualHostedStyle !== true,
    ...(fields.accessKeyId && fields.secretAccessKey
      ? { credentials: { accessKeyId: fields.accessKeyId, secretAccessKey: fields.secretAccessKey, ...(fields.sessionToken ? { sessionToken: fields.sessionToken } : {}) } }
      : {}),
  };
}

export function buildGenericApiSink(fields: GenericApiFields, build: SinkBuild<Record<'endpoint' | 'logFormat', string>>, report: SettingsReport): GenericApiSinkSettings | undefined {
  if (!fields.endpoint) {
    report.errors.push(`${build.name}: ${build.labels.endpoint} is required`);
    return undefined;
  }
  const url = httpUrl(fields.endpoint);
  if (!url) {
    report.errors.push(`${build.name}: ${build.labels.endpoint} "${fields.endpoint}" is not an http(s) URL without credentials`);
    return undefined;
  }
  let logFormat: GenericApiSinkSettings['logFormat'] = 'json_array';
  if (fields.logFormat === 'ndjson') logFormat = 'ndjson';
  else if (fields.logFormat !== undefined && fields.logFormat !== 'json_array') {
    report.warnings.push(`${build.name}: ${build.labels.logFormat} "${fields.logFormat}" is not supported (json_array, ndjson); sending json_array`);
  }
  return { kind: 'generic_api', name: build.name, events: build.events, batch: build.batch, endpoint: url.href, headers: fields.headers, logFormat };
}
