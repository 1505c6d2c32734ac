import { hash } from 'node:crypto';

/**
 * SHA-256 hex of a raw key or session token: the only form in which either is ever stored or looked up.
 * One-shot (`crypto.hash`, UTF-8 for strings): the gateway hashes every presented key.
 */
export function sha256Hex(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export const hashApiKey = sha256Hex;

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** What the UI shows for a key: its prefix and last four characters, e.g. `sk-...a1b2`. */
export function maskApiKey(rawKey: string): string {
  const prefix = rawKey.startsWith('sk-') ? 'sk-' : '';
  return `${prefix}...${rawKey.slice(-4)}`;
}
