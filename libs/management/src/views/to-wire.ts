/** Money columns come back from PostgreSQL as decimal strings; the reference's clients expect JSON numbers. */
const MONEY_FIELDS = new Set(['spend', 'maxBudget', 'softBudget']);
const MONEY_MAPS = new Set(['modelSpend', 'modelMaxBudget']);

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function moneyNumber(value: unknown): unknown {
  return typeof value === 'string' ? Number(value) : value;
}

/** A repository record as the reference's JSON: snake_case names, ISO dates, money as numbers. */
export function toWire(record: object, renames: Record<string, string> = {}, omit: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (omit.includes(field)) continue;
    const name = renames[field] ?? snake(field);
    if (value instanceof Date) out[name] = value.toISOString();
    else if (MONEY_FIELDS.has(field)) out[name] = moneyNumber(value);
    else if (MONEY_MAPS.has(field) && value && typeof value === 'object') out[name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moneyNumber(v)]));
    else out[name] = value;
  }
  return out;
}
