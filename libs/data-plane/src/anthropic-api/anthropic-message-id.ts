import { randomUUID } from 'node:crypto';

/** An Anthropic-style message id (`msg_...`) derived from the upstream's id, so logs can be matched. */
export function anthropicMessageId(upstreamId: string | null | undefined): string {
  if (upstreamId?.startsWith('msg_')) return upstreamId;
  const token = (upstreamId ?? '').replace(/[^A-Za-z0-9]/g, '');
  return `msg_${token === '' ? randomUUID().replace(/-/g, '') : token}`;
}
