import { describe, expect, it } from 'vitest';
import { pythonFloat } from './python-float.ts';

describe('pythonFloat', () => {
  it("writes what Python's repr(float) writes", () => {
    // Each pair: a number and Python 3's repr of it.
    const cases: [number, string][] = [
      [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [600, '600.0'], [-2, '-2.0'], [0.001, '0.001'], [0.0001, '0.0001'],
      [0.00001, '1e-05'], [5e-7, '5e-07'], [5e-10, '5e-10'], [1.5e-5, '1.5e-05'], [3.7e-5, '3.7e-05'],
      [0.002111, '0.002111'], [20.014285, '20.014285'], [0.1 + 0.2, '0.30000000000000004'], [123456.789, '123456.789'],
      [1e15, '1000000000000000.0'], [1e16, '1e+16'], [1.5e16, '1.5e+16'], [1e22, '1e+22'], [1e100, '1e+100'], [-1e-5, '-1e-05'],
      [Number.POSITIVE_INFINITY, 'inf'], [Number.NEGATIVE_INFINITY, '-inf'], [Number.NaN, 'nan'],
    ];
    for (const [value, python] of cases) expect(pythonFloat(value), String(value)).toBe(python);
  });

  it('reads back as the same number', () => {
    for (let i = 0; i < 2_000; i++) {
      const value = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20);
      expect(Number(pythonFloat(value))).toBe(value);
    }
  });
});
