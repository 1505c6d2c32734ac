import { describe, expect, it } from 'vitest';
import { budgetFieldValues, customKey, dateRangeEnd, duration, durationSeconds, email, integerValue, isoDay, jsonObject, money, moneyValue, name, nameList, optional, parseList, password, required, textValue, validateForm, virtualKey, wholeNumber } from './validators.ts';

describe('field validators', () => {
  it('names: not empty, no stray spaces, no control characters, at most 256 characters', () => {
    expect(name('Research team')).toBeUndefined();
    expect(name('<img src=x onerror=alert(1)>')).toBeUndefined();
    expect(name('   ')).toBe('Enter a name.');
    expect(name(' padded')).toBe('Remove the spaces at the start or end.');
    expect(name('tab\there')).toBe('Remove control characters (tabs, line breaks).');
    expect(name('x'.repeat(257))).toBe('Use at most 256 characters.');
  });

  it('durations as the API takes them: 30s, 30m, 30h, 30d, up to ten years', () => {
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('2h')).toBe(7200);
    expect(durationSeconds('30d')).toBe(2_592_000);
    for (const bad of ['30', '30 days', '1w', '-5d', '0d', '99999d', 'd30', '']) expect(duration(bad), bad).toMatch(/^Use a number and a unit/);
  });

  it('money: dollars, not negative, at most a billion', () => {
    expect(money('10')).toBeUndefined();
    expect(money('12.50')).toBeUndefined();
    expect(money('0')).toBeUndefined();
    expect(money('-5')).toBe('Must not be negative.');
    expect(money('ten')).toBe('Enter an amount in dollars, such as 10 or 12.50.');
    expect(money('1e3')).toBe('Enter an amount in dollars, such as 10 or 12.50.');
    expect(money('2000000000')).toBe('Must be at most 1,000,000,000.');
  });

  it('limits: whole, not negative', () => {
    expect(wholeNumber('60')).toBeUndefined();
    expect(wholeNumber('1.5')).toBe('Enter a whole number, such as 100.');
    expect(wholeNumber('-1')).toBe('Must not be negative.');
    expect(wholeNumber('abc')).toBe('Enter a whole number, such as 100.');
  });

  it('emails, passwords and keys', () => {
    expect(email('ada@example.com')).toBeUndefined();
    expect(email('ada')).toMatch(/^Enter an email address/);
    expect(password('short')).toBe('Use at least 8 characters.');
    expect(password('long enough')).toBeUndefined();
    expect(customKey('sk-abcdefghijklmnop')).toBeUndefined();
    expect(customKey('abc')).toMatch(/starts with "sk-"/);
    expect(virtualKey('sk-Ab_3-xyzxyz')).toBeUndefined();
    expect(virtualKey('bearer something')).toBe('Paste a virtual key: it starts with "sk-".');
  });

  it('JSON objects only', () => {
    expect(jsonObject('{"rpm": 10}')).toBeUndefined();
    expect(jsonObject('[1]')).toBe('Enter a JSON object: { ... }.');
    expect(jsonObject('{rpm: 10}')).toMatch(/^Enter valid JSON/);
  });

  it('lists of names split on commas and lines, without duplicates', () => {
    expect(parseList('a, b,\nc,, a ')).toEqual(['a', 'b', 'c']);
    expect(nameList('gpt-4o, mock-gpt')).toBeUndefined();
    expect(nameList('ok, bad\u0001name')).toMatch(/control characters/);
  });

  it('dates and ranges', () => {
    expect(isoDay('2025-02-28')).toBeUndefined();
    expect(isoDay('2025-02-30')).toBe('That date does not exist.');
    expect(isoDay('28/02/2025')).toBe('Use a date such as 2025-01-31.');
    expect(dateRangeEnd('2025-01-10')('2025-01-09')).toBe('The end date must be on or after the start date.');
    expect(dateRangeEnd('2024-01-01')('2025-06-01')).toBe('Choose a range of at most 366 days.');
    expect(dateRangeEnd('2025-01-10')('2025-01-10')).toBeUndefined();
  });
});

describe('optional and required', () => {
  it('optional lets blank through; required refuses it with its own message', () => {
    expect(optional(money)('  ')).toBeUndefined();
    expect(optional(money)('x')).toBeDefined();
    expect(required(money, 'Enter a budget.')('')).toBe('Enter a budget.');
    expect(required()('x')).toBeUndefined();
  });
});

describe('validateForm', () => {
  it('returns a message for each bad field only, and rules may read other fields', () => {
    const values = { alias: '', budget: '-1', rpm: '60', start: '2025-01-10', end: '2025-01-01' };
    const errors = validateForm(values, {
      alias: optional(name),
      budget: optional(money),
      rpm: optional(wholeNumber),
      end: (value, all) => dateRangeEnd(all.start)(value),
    });
    expect(errors).toEqual({ budget: 'Must not be negative.', end: 'The end date must be on or after the start date.' });
  });
});

describe('request values from text', () => {
  it('blank becomes undefined on create and null (clear) on edit', () => {
    expect(moneyValue('')).toBeUndefined();
    expect(moneyValue('', null)).toBeNull();
    expect(moneyValue(' 12.5 ')).toBe(12.5);
    expect(integerValue('60')).toBe(60);
    expect(integerValue('', null)).toBeNull();
    expect(textValue('  team  ')).toBe('team');
    expect(textValue('   ', null)).toBeNull();
  });
});

describe('budgetFieldValues', () => {
  it('converts the budget fields a form has, blank as not sent', () => {
    expect(budgetFieldValues({ max_budget: '25', budget_duration: '30d', rpm_limit: '', tpm_limit: '1000' })).toEqual({ max_budget: 25, budget_duration: '30d', rpm_limit: undefined, tpm_limit: 1000 });
    expect(budgetFieldValues({})).toEqual({});
  });
});
