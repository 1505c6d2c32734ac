/** The arithmetic behind the dashboard's SVG charts: scales, "nice" axis ticks and paths. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, close to span / count. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Ticks from 0 (or below, for negative data) up to a nice value at or above `max`: the axis always
 * starts at zero so bar heights compare honestly. `integer` keeps the step at 1 or more.
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  if (high === low) return [0, 1];
  // Counts (requests, tokens) never get fractional ticks.
  const step = integer ? Math.max(1, niceStep(high - low, count)) : niceStep(high - low, count);
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step / 1e6; i++) ticks.push(Number((first + i * step).toPrecision(12)));
  return ticks;
}

export interface Band {
  /** Left edge of band `index`. */
  x(index: number): number;
  width: number;
}

/** `count` equal bands across [r0, r1], `padding` (0–1) of each band left empty. */
export function bandScale(count: number, [r0, r1]: readonly [number, number], padding = 0.2): Band {
  if (count <= 0) return { x: () => r0, width: 0 };
  const step = (r1 - r0) / count;
  const width = step * (1 - padding);
  return { x: (index) => r0 + index * step + (step - width) / 2, width };
}

/** An SVG path through the points (`M x y L x y ...`), rounded to 0.01 px. */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  const round = (n: number) => Math.round(n * 100) / 100;
  return points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join(' ');
}

/** At most `max` evenly spaced indexes out of `count` (always the first and the last), for x-axis labels. */
export function labelIndexes(count: number, max: number): number[] {
  if (count <= 0) return [];
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (max - 1);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)))];
}
