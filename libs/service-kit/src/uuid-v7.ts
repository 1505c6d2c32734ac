import { randomFillSync } from 'node:crypto';

// Random bytes are drawn in blocks: one crypto call per 512 ids instead of one per id.
const POOL_IDS = 512;
const pool = new Uint8Array(POOL_IDS * 10);
let poolOffset = pool.length;

/** RFC 9562 UUIDv7: time-ordered, so spend rows keyed by it stay index-friendly. */
export function uuidV7(now: number = Date.now()): string {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = new Uint8Array(16);
  bytes.set(pool.subarray(poolOffset, poolOffset + 10), 6);
  poolOffset += 10;
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
