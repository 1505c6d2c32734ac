import { z } from 'zod';

/** Digits after the point that PostgreSQL keeps: the money columns are numeric(20,10). */
export const MONEY_SCALE = 10;
const UNITS_PER_DOLLAR = 10n ** BigInt(MONEY_SCALE);
const UNITS_PER_MICRO = 10n ** BigInt(MONEY_SCALE - 6);
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

// The two digit-count rules of a money amount, shared by the schema and the zod-free check.
const fractionFits = (value: string) => (value.split('.')[1] ?? '').length <= MONEY_SCALE;
const wholeFits = (value: string) => (value.replace(/^-/, '').split('.')[0] ?? '').replace(/^0+(?=\d)/, '').length <= 10;

/** Dollars as an exact decimal string, e.g. "0.0000125"; never a JS float. */
export const decimalSchema = z
  .string()
  .regex(DECIMAL_PATTERN, 'expected a decimal number such as "0.0125"')
  .refine(fractionFits, `at most ${MONEY_SCALE} digits after the point`)
  .refine(wholeFits, 'more than 10 digits before the point');

/**
 * decimalSchema's three rules as one pattern, without zod and without allocating (the spend writer checks every
 * journaled row with it): leading zeros, then at most 10 whole digits; at most MONEY_SCALE after the point.
 */
const FITTING_DECIMAL = new RegExp(`^-?0*\\d{1,10}(?:\\.\\d{1,${MONEY_SCALE}})?$`);

export function isDecimalAmount(value: unknown): value is string {
  return typeof value === 'string' && FITTING_DECIMAL.test(value);
}

/** A decimal string as an integer count of 10^-10 dollars; throws on anything that is not exact. */
export function decimalToUnits(value: string): bigint {
  const match = DECIMAL_PATTERN.exec(value.trim());
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > MONEY_SCALE) throw new Error(`more than ${MONEY_SCALE} digits after the point: ${value}`);
  const units = BigInt(whole as string) * UNITS_PER_DOLLAR + BigInt(fraction.padEnd(MONEY_SCALE, '0'));
  return sign === '-' ? -units : units;
}

/** The inverse of decimalToUnits, without trailing zeros ("1.5", "0", "-0.000001"). */
export function unitsToDecimal(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / UNITS_PER_DOLLAR;
  const fraction = (magnitude % UNITS_PER_DOLLAR).toString().padStart(MONEY_SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function addDecimals(...values: string[]): string {
  return unitsToDecimal(values.reduce((sum, value) => sum + decimalToUnits(value), 0n));
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const diff = decimalToUnits(a) - decimalToUnits(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Integer micro-dollars (what the gateway and Redis count in) to the stored decimal form. */
/** Nano-dollars (what limits and budgets count in), rounded to the nearest; a stored decimal has 10 places. */
export function decimalToNano(value: string): number {
  const units = decimalToUnits(value);
  const magnitude = units < 0n ? -units : units;
  const nano = Number((magnitude + 5n) / 10n);
  return units < 0n ? -nano : nano;
}

export function microsToDecimal(micros: bigint): string {
  return unitsToDecimal(micros * UNITS_PER_MICRO);
}

/** Stored decimal dollars to integer micro-dollars, rounding half away from zero below a micro-dollar. */
export function decimalToMicros(value: string): bigint {
  const units = decimalToUnits(value);
  const magnitude = units < 0n ? -units : units;
  const micros = (magnitude + UNITS_PER_MICRO / 2n) / UNITS_PER_MICRO;
  return units < 0n ? -micros : micros;
}
