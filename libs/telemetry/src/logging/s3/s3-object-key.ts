/**
 * Where a batch goes in the bucket: `{prefix}/{YYYY-MM-DD}/{time}-{id}.jsonl`, one folder per UTC day
 * (as LiteLLM's S3 logger), names sorting by time within it.
 */
export function s3ObjectKey(prefix: string, now: Date, id: string): string {
  const iso = now.toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 23).replace(/[:.]/g, '');
  return `${prefix === '' ? '' : `${prefix}/`}${day}/${time}-${id}.jsonl`;
}
