import { decimalToUnits, unitsToDecimal } from '../money.ts';
import type { SpendEntityType, SpendStatus } from '../schema/index.ts';

/** The fields of an inserted spend row that counters and daily totals are made from (a row as sent is one). */
export interface InsertedSpend {
  startTime: Date;
  endTime: Date;
  keyHash?: string | null;
  userId?: string | null;
  teamId?: string | null;
  organizationId?: string | null;
  endUser?: string | null;
  model: string;
  modelGroup?: string | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  spend: string;
  status: SpendStatus;
  cacheHit: boolean;
}

/** Entities with spend counters, in the order their rows are locked (parents first, then by id). */
export const COUNTER_ENTITIES = ['organization', 'team', 'team_member', 'user', 'key', 'customer'] as const;
export type CounterEntity = (typeof COUNTER_ENTITIES)[number];

export interface CounterIncrement {
  entity: CounterEntity;
  id: string;
  spend: string;
  /** model → decimal dollars to add. */
  modelSpend: Record<string, string>;
  lastActiveAt: Date;
}

export interface DailyIncrement {
  day: string;
  entityType: SpendEntityType;
  entityId: string;
  model: string;
  spend: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
  successes: number;
  failures: number;
  cacheHits: number;
}

const modelOf = (row: InsertedSpend) => row.modelGroup ?? row.model;

/** The entities a row belongs to (daily totals are kept for each). */
function entitiesOf(row: InsertedSpend): [Exclude<CounterEntity, 'team_member'>, string | null | undefined][] {
  return [
    ['organization', row.organizationId],
    ['team', row.teamId],
    ['user', row.userId],
    ['key', row.keyHash],
    ['customer', row.endUser],
  ];
}

/** A member within a team, as one counter id: team and user ids hold no control characters, so \u001f separates them. */
export const TEAM_MEMBER_SEPARATOR = '\u001f';

/** The counters a row adds to: its entities, and the user's membership of the team (their own budget there). */
function countersOf(row: InsertedSpend): [CounterEntity, string | null | undefined][] {
  const member = row.teamId && row.userId ? `${row.teamId}${TEAM_MEMBER_SEPARATOR}${row.userId}` : undefined;
  return [...entitiesOf(row), ['team_member', member]];
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One increment per entity, sorted into the fixed lock order so concurrent batches never deadlock. */
export function sumCounters(rows: readonly InsertedSpend[]): CounterIncrement[] {
  const totals = new Map<string, { entity: CounterEntity; id: string; units: bigint; modelUnits: Map<string, bigint>; lastActiveAt: Date }>();
  for (const row of rows) {
    const units = decimalToUnits(row.spend);
    const model = modelOf(row);
    for (const [entity, id] of countersOf(row)) {
      if (id === null || id === undefined) continue;
      const mapKey = `${COUNTER_ENTITIES.indexOf(entity)}\u0000${id}`;
      const total = totals.get(mapKey) ?? { entity, id, units: 0n, modelUnits: new Map<string, bigint>(), lastActiveAt: row.endTime };
      total.units += units;
      total.modelUnits.set(model, (total.modelUnits.get(model) ?? 0n) + units);
      if (row.endTime > total.lastActiveAt) total.lastActiveAt = row.endTime;
      totals.set(mapKey, total);
    }
  }
  return [...totals.entries()]
    .sort(([a], [b]) => byKey(a, b))
    .map(([, total]) => ({
      entity: total.entity,
      id: total.id,
      spend: unitsToDecimal(total.units),
      modelSpend: Object.fromEntries([...total.modelUnits].map(([model, units]) => [model, unitsToDecimal(units)])),
      lastActiveAt: total.lastActiveAt,
    }));
}

/** One increment per (UTC day, entity, model), including a `global` one per row, in a fixed order. */
export function sumDailyTotals(rows: readonly InsertedSpend[]): DailyIncrement[] {
  const totals = new Map<string, DailyIncrement & { units: bigint }>();
  const add = (row: InsertedSpend, day: string, model: string, units: bigint, entityType: SpendEntityType, entityId: string) => {
    const mapKey = `${day}\u0000${entityType}\u0000${entityId}\u0000${model}`;
    let total = totals.get(mapKey);
    if (!total) {
      total = { day, entityType, entityId, model, spend: '0', units: 0n, promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, successes: 0, failures: 0, cacheHits: 0 };
      totals.set(mapKey, total);
    }
    total.units += units;
    total.promptTokens += row.promptTokens;
    total.completionTokens += row.completionTokens;
    total.totalTokens += row.totalTokens;
    total.requests += 1;
    if (row.status === 'success') total.successes += 1;
    else total.failures += 1;
    if (row.cacheHit) total.cacheHits += 1;
  };
  for (const row of rows) {
    // Once per row, not per entity: the amount's parse and the date's formatting showed in the flush's profile.
    const day = row.startTime.toISOString().slice(0, 10);
    const model = modelOf(row);
    const units = decimalToUnits(row.spend);
    add(row, day, model, units, 'global', '');
    for (const [entityType, entityId] of entitiesOf(row)) if (entityId !== null && entityId !== undefined) add(row, day, model, units, entityType, entityId);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => byKey(a, b))
    .map(([, { units, ...total }]) => ({ ...total, spend: unitsToDecimal(units) }));
}
