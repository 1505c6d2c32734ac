import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, decimalSchema, decimalToMicros, decimalToNano, decimalToUnits, microsToDecimal, unitsToDecimal, isDecimalAmount } from './money.ts';

describe('money as exact decimals', () => {
  it('adds what floats get wrong', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals(...Array.from({ length: 10 }, () => '0.1'))).toBe('1');
    expect(addDecimals('0.0000000001', '-0.0000000001')).toBe('0');
  });

  it('round-trips the stored numeric(20,10) form', () => {
    expect(decimalToUnits('12.5000000000')).toBe(125_000_000_000n);
    expect(unitsToDecimal(125_000_000_000n)).toBe('12.5');
    expect(unitsToDecimal(-1n)).toBe('-0.0000000001');
    expect(compareDecimals('1.10', '1.1')).toBe(0);
    expect(compareDecimals('0.000001', '0.0000009')).toBe(1);
  });

  it('converts to and from the integer micro-dollars the gateway counts in', () => {
    expect(microsToDecimal(1_234_567n)).toBe('1.234567');
    expect(decimalToMicros('1.2345674999')).toBe(1_234_567n);
    expect(decimalToMicros('1.2345675')).toBe(1_234_568n);
    expect(decimalToMicros('-0.0000015')).toBe(-2n);
  });

  it('converts to the nano-dollars budgets count in, keeping budgets below a micro-dollar', () => {
    expect(decimalToNano('0.0000001')).toBe(100);
    expect(decimalToNano('12.5')).toBe(12_500_000_000);
    expect(decimalToNano('0.0000000005')).toBe(1);
    expect(decimalToNano('-0.000000002')).toBe(-2);
  });

  it('accepts only exact decimal strings that fit the column', () => {
    for (const ok of ['0', '0.1', '12.5000000000', '-3', '9999999999.9999999999']) expect(decimalSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '.5', '1e-7', '0.1.2', '0.12345678901', '12345678901', 'NaN', ' 1']) expect(decimalSchema.safeParse(bad).success, bad).toBe(false);
    expect(() => decimalToUnits('1e-7')).toThrow();
  });
});

describe('isDecimalAmount', () => {
  it('accepts exactly what decimalSchema accepts', () => {
    const samples = ['0', '1', '-1', '0.1', '1.', '.5', '', ' 1', '1 ', '+1', '1e3', '0.0000000001', '0.00000000001', '9999999999', '10000000000', '00000000000009999999999', '-0000.5000000000', '1.2.3', 'NaN', '0x10', '١'];
    for (let i = 0; i < 2_000; i++) {
      const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
      const whole = `${'0'.repeat(Math.floor(Math.random() * 3))}${digits(Math.floor(Math.random() * 13))}`;
      const fraction = Math.random() < 0.7 ? `.${digits(Math.floor(Math.random() * 13))}` : '';
      samples.push(`${Math.random() < 0.2 ? '-' : ''}${whole}${fraction}`);
    }
    for (const sample of samples) expect(isDecimalAmount(sample), sample).toBe(decimalSchema.safeParse(sample).success);
    expect(isDecimalAmount(1)).toBe(false);
  });
});
