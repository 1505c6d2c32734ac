/**
 * Money in code is an integer count of nano-dollars (1e-9 USD): exact to add, safe up to ~9 million USD
 * per value as a JS number, and fine enough for the cheapest per-token prices. PostgreSQL stores `numeric`.
 */
export type NanoUsd = number;

export const NANO_PER_USD = 1_000_000_000;

export function usdToNano(usd: number): NanoUsd {
  return Math.round(usd * NANO_PER_USD);
}

/** A decimal string with 9 fraction digits, for headers, JSON and `numeric` columns (no float drift). */
export function nanoToUsdString(nano: NanoUsd): string {
  const sign = nano < 0 ? '-' : '';
  const abs = Math.abs(Math.round(nano));
  const whole = Math.floor(abs / NANO_PER_USD);
  const fraction = String(abs % NANO_PER_USD).padStart(9, '0');
  return `${sign}${whole}.${fraction}`;
}
