import type { KeyInfo } from '../../lib/api/types.ts';
import { StatusBadge } from '../../components/detail-list.tsx';

export function keyState(key: Pick<KeyInfo, 'blocked' | 'expires'>, now = Date.now()): 'blocked' | 'expired' | 'active' {
  if (key.blocked) return 'blocked';
  if (key.expires && Date.parse(key.expires) <= now) return 'expired';
  return 'active';
}

export function KeyStatus({ keyInfo }: { keyInfo: Pick<KeyInfo, 'blocked' | 'expires'> }) {
  const state = keyState(keyInfo);
  return <StatusBadge tone={state === 'active' ? 'ok' : state === 'blocked' ? 'bad' : 'warn'}>{state === 'active' ? 'Active' : state === 'blocked' ? 'Blocked' : 'Expired'}</StatusBadge>;
}
