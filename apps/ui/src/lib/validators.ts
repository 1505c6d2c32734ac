import type { BudgetInput } from './api/management-client.ts';

/**
 * Form field validators. Each takes the field's text and returns a message in words, or undefined when
 * the value is fine. The bounds mirror the backend's schemas (libs/management/src/schemas/common.ts), so
 * a form refuses what the API would refuse, next to the field, before a round trip.
 */
export type Validator = (value: string) => string | undefined;

const MAX_TEXT = 256;
const MAX_DOLLARS = 1_000_000_000;
const MAX_LIMIT = 1_000_000_000;
const MAX_JSON_BYTES = 16_384;
const TEN_YEARS_SECONDS = 10 * 366 * 24 * 3600;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const isBlank = (value: string) => value.trim() === '';

/** Blank passes; anything else must pass `validator`. */
export const optional =
  (validator: Validator): Validator =>
  (value) =>
    isBlank(value) ? undefined : validator(value);

export const required =
  (validator: Validator = () => undefined, message = 'This field is required.'): Validator =>
  (value) =>
    isBlank(value) ? message : validator(value);

export const text: Validator = (value) => {
  if (value.length > MAX_TEXT) return `Use at most ${MAX_TEXT} characters.`;
  if (CONTROL_CHARACTERS.test(value)) return 'Remove control characters (tabs, line breaks).';
  return undefined;
};

/** Ids and aliases: any printable text; surrounding spaces are almost always a paste accident. */
export const name: Validator = (value) => {
  if (isBlank(value)) return 'Enter a name.';
  if (value !== value.trim()) return 'Remove the spaces at the start or end.';
  return text(value);
};

export function durationSeconds(value: string): number | undefined {
  const match = /^(\d{1,9})([smhd])$/.exec(value.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && seconds <= TEN_YEARS_SECONDS ? seconds : undefined;
}

export const duration: Validator = (value) =>
  durationSeconds(value) === undefined ? 'Use a number and a unit, such as 30s, 30m, 12h or 30d (at most 10 years).' : undefined;

export const money: Validator = (value) => {
  const trimmed = value.trim();
  if (!/^\d{1,10}(\.\d{1,10})?$/.test(trimmed)) {
    if (/^-/.test(trimmed)) return 'Must not be negative.';
    return 'Enter an amount in dollars, such as 10 or 12.50.';
  }
  if (Number(trimmed) > MAX_DOLLARS) return `Must be at most ${MAX_DOLLARS.toLocaleString('en-US')}.`;
  return undefined;
};

export const wholeNumber: Validator = (value) => {
  const trimmed = value.trim();
  if (/^-\d+$/.test(trimmed)) return 'Must not be negative.';
  if (!/^\d+$/.test(trimmed)) return 'Enter a whole number, such as 100.';
  if (Number(trimmed) > MAX_LIMIT) return `Must be at most ${MAX_LIMIT.toLocaleString('en-US')}.`;
  return undefined;
};

export const email: Validator = (value) => {
  const trimmed = value.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return 'Enter an email address, such as ada@example.com.';
  return text(trimmed);
};

export const password: Validator = (value) => {
  if (value.length < 8) return 'Use at least 8 characters.';
  if (value.length > 256) return 'Use at most 256 characters.';
  return undefined;
};

/** Comma- or line-separated names, e.g. the models a key may call. */
export function parseList(value: string): string[] {
  return [...new Set(value.split(/[,\n]/).map((item) => item.trim()).filter((item) => item !== ''))];
}

/** An API origin (`api_base`): http or https, no spaces. */
export const url: Validator = (value) => (/^https?:\/\/[^\s]+$/.test(value.trim()) ? undefined : 'Enter a URL starting with http:// or https://.');

export const nameList: Validator = (value) => {
  const items = parseList(value);
  if (items.length > 256) return 'At most 256 entries.';
  for (const item of items) {
    const problem = text(item);
    if (problem) return `"${item.slice(0, 40)}": ${problem}`;
  }
  return undefined;
};

export const jsonObject: Validator = (value) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'Enter valid JSON, such as {"temperature": 0.2}.';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'Enter a JSON object: { ... }.';
  if (value.length > MAX_JSON_BYTES) return `Use at most ${MAX_JSON_BYTES} characters of JSON.`;
  return undefined;
};

export const customKey: Validator = (value) =>
  /^sk-[A-Za-z0-9_-]{16,200}$/.test(value) ? undefined : 'A key starts with "sk-" followed by 16 to 200 letters, digits, "-" or "_".';

export const virtualKey: Validator = (value) =>
  /^sk-[A-Za-z0-9_-]{8,300}$/.test(value.trim()) ? undefined : 'Paste a virtual key: it starts with "sk-".';

export const isoDay: Validator = (value) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'Use a date such as 2025-01-31.';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'That date does not exist.';
  return undefined;
};

/** The second date of a range, checked against the first. */
export function dateRangeEnd(start: string, maxDays = 366): Validator {
  return (end) => {
    const problem = isoDay(end);
    if (problem) return problem;
    if (isoDay(start) !== undefined) return undefined;
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000;
    if (days < 0) return 'The end date must be on or after the start date.';
    if (days >= maxDays) return `Choose a range of at most ${maxDays} days.`;
    return undefined;
  };
}

/** Text to request values: blank is `whenBlank` (undefined on create, null to clear on edit). */
export function moneyValue(value: string, whenBlank: null | undefined = undefined): number | null | undefined {
  return isBlank(value) ? whenBlank : Number(value.trim());
}

export function integerValue(value: string, whenBlank: null | undefined = undefined): number | null | undefined {
  return isBlank(value) ? whenBlank : Number.parseInt(value.trim(), 10);
}

export function textValue(value: string, whenBlank: null | undefined = undefined): string | null | undefined {
  return isBlank(value) ? whenBlank : value.trim();
}

/** A create form's budget fields as request values: each one the form has, blank as undefined (not sent). */
export function budgetFieldValues(values: Partial<Record<keyof BudgetInput, string>>): BudgetInput {
  const out: BudgetInput = {};
  if (values.max_budget !== undefined) out.max_budget = moneyValue(values.max_budget);
  if (values.soft_budget !== undefined) out.soft_budget = moneyValue(values.soft_budget);
  if (values.budget_duration !== undefined) out.budget_duration = textValue(values.budget_duration);
  if (values.rpm_limit !== undefined) out.rpm_limit = integerValue(values.rpm_limit);
  if (values.tpm_limit !== undefined) out.tpm_limit = integerValue(values.tpm_limit);
  if (values.max_parallel_requests !== undefined) out.max_parallel_requests = integerValue(values.max_parallel_requests);
  return out;
}

export type FormValues = Record<string, string>;
export type FormErrors<V extends FormValues> = Partial<Record<keyof V, string>>;
export type FormRules<V extends FormValues> = Partial<Record<keyof V, Validator | ((value: string, values: V) => string | undefined)>>;

/** Runs every rule; the result names only the fields with a problem. */
export function validateForm<V extends FormValues>(values: V, rules: FormRules<V>): FormErrors<V> {
  const errors: FormErrors<V> = {};
  for (const field of Object.keys(rules) as Array<keyof V>) {
    const rule = rules[field];
    const problem = rule?.(values[field] ?? '', values);
    if (problem !== undefined) errors[field] = problem;
  }
  return errors;
}
