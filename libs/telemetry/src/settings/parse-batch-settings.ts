import { textVar, type CallbackVars } from './sink-fields.ts';
import type { SettingsReport } from './settings-report.ts';
import { DEFAULT_BATCH, type BatchSettings } from './telemetry-settings.ts';

export interface BatchKeys {
  batchSize: string;
  /** Seconds, as LiteLLM's `flush_interval`. */
  flushInterval: string;
  maxQueueSize: string;
}

export const BATCH_KEYS: BatchKeys = { batchSize: 'batch_size', flushInterval: 'flush_interval', maxQueueSize: 'max_queue_size' };
export const S3_BATCH_KEYS: BatchKeys = { batchSize: 's3_batch_size', flushInterval: 's3_flush_interval', maxQueueSize: 's3_max_queue_size' };

function positive(vars: CallbackVars, key: string, where: string, report: SettingsReport, whole: boolean): number | undefined {
  const text = textVar(vars, key);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
    report.errors.push(`${where}.${key}: "${text}" must be a positive ${whole ? 'whole ' : ''}number`);
    return undefined;
  }
  return value;
}

/** A sink's batching from its settings entry; unset values keep the defaults (100 calls, 5 s, 10,000 queued). */
export function parseBatchSettings(vars: CallbackVars, where: string, report: SettingsReport, keys: BatchKeys = BATCH_KEYS): BatchSettings {
  const batchSize = positive(vars, keys.batchSize, where, report, true) ?? DEFAULT_BATCH.batchSize;
  const flushSeconds = positive(vars, keys.flushInterval, where, report, false);
  const maxQueueSize = positive(vars, keys.maxQueueSize, where, report, true) ?? DEFAULT_BATCH.maxQueueSize;
  if (maxQueueSize < batchSize) report.warnings.push(`${where}.${keys.maxQueueSize}: ${maxQueueSize} is below the batch size ${batchSize}; batches are never full`);
  return { batchSize, flushIntervalMs: flushSeconds !== undefined ? Math.round(flushSeconds * 1000) : DEFAULT_BATCH.flushIntervalMs, maxQueueSize };
}
