import { describe, expect, it } from 'vitest';
import { bandScale, labelIndexes, linearScale, linePath, niceStep, niceTicks } from './scale.ts';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted for SVG y', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
  });

  it('puts everything mid-range when the domain has no width', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});

describe('niceTicks', () => {
  it('starts at zero and ends at a round value at or above the maximum', () => {
    expect(niceTicks(0, 87)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 10)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('works for fractions of a cent without floating-point dust', () => {
    const ticks = niceTicks(0, 0.00037);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.00037);
    for (const tick of ticks) expect(String(tick).length).toBeLessThan(12);
  });

  it('spans negative values and gives a usable axis for all-zero data', () => {
    expect(niceTicks(-5, 5)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
  });

  it('keeps counts on whole numbers', () => {
    expect(niceTicks(0, 1, 5, true)).toEqual([0, 1]);
    expect(niceTicks(0, 3, 5, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 87, 5, true)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(12, 5)).toBe(2.5);
    expect(niceStep(1_000_000, 4)).toBe(250_000);
    expect(niceStep(0, 5)).toBe(1);
  });
});

describe('bandScale', () => {
  it('splits the range into equal bands with padding inside each', () => {
    const band = bandScale(4, [0, 400], 0.2);
    expect(band.width).toBe(80);
    expect(band.x(0)).toBe(10);
    expect(band.x(3)).toBe(310);
  });

  it('has no bands for no data', () => {
    expect(bandScale(0, [0, 100]).width).toBe(0);
  });
});

describe('linePath and labelIndexes', () => {
  it('draws a path through the points', () => {
    expect(linePath([[0, 10], [5.555, 2], [10, 0]])).toBe('M0 10 L5.56 2 L10 0');
    expect(linePath([])).toBe('');
  });

  it('labels at most N evenly spaced points, always the first and last', () => {
    expect(labelIndexes(3, 7)).toEqual([0, 1, 2]);
    expect(labelIndexes(30, 4)).toEqual([0, 10, 19, 29]);
    expect(labelIndexes(0, 5)).toEqual([]);
  });
});
