/**
 * A number as Python's `repr(float)` writes it: the shortest digits that read back as the same number (as
 * JavaScript's), fixed notation with at least one decimal from 1e-4 up to 1e16 (`1.0`, `0.0025`), exponent notation
 * with a signed two-digit exponent outside it (`5e-07`, `1.5e+16`), `inf`, `-inf` and `nan`.
 *
 * Why: LiteLLM's messages and headers print floats so (`Budget has been exceeded! Current cost: 5e-07, Max budget:
 * 0.0`, `x-litellm-timeout: 600.0`), and clients match that text; JavaScript's own form (`5e-7`, `0`) differs.
 */
export function pythonFloat(value: number): string {
  // Python's fixed range is inside JavaScript's (1e-7 up to 1e21), where both write the same shortest digits: only a
  // whole number needs its `.0`. The usual case (a header's seconds, a budget's dollars) costs a String() here.
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return Number.isInteger(value) ? `${value}.0` : String(value);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential without a precision gives the shortest digits that round-trip: `d[.ddd]e±x`.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  if (exponent < -4 || exponent >= 16) return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}
