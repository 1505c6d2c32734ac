import { decimalToUnits, unitsToDecimal } from '../money.ts';
import type { SpendEntityType } from '../schema/index.ts';

/**
 * The rows one insert stored, summed by PostgreSQL (see insertSpendLines) per entity, UTC day of the start and
 * model (the model group, else the model): `global` (id '') once per row, and every entity the row names.
 */
export interface SpendGroup {
  entity: CounterEntity | 'global';
  id: string;
  /** YYYY-MM-DD, the UTC day the requests started. */
  day: string;
  model: string;
  /** Exact decimal dollars. */
  spend: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
  successes: number;
  cacheHits: number;
  /** ISO time of the latest end. */
  lastActiveAt: string;
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

/** A member within a team, as one counter id: team and user ids hold no control characters, so \u001f separates them. */
export const TEAM_MEMBER_SEPARATOR = '\u001f';

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One increment per entity, sorted into the fixed lock order so concurrent batches never deadlock. */
export function sumCounters(groups: readonly SpendGroup[]): CounterIncrement[] {
  const totals = new Map<string, { entity: CounterEntity; id: string; units: bigint; modelUnits: Map<string, bigint>; lastActiveAt: string }>();
  for (const group of groups) {
    if (group.entity === 'global') continue;
    const units = decimalToUnits(group.spend);
    const mapKey = `${COUNTER_ENTITIES.indexOf(group.entity)}\u0000${group.id}`;
    let total = totals.get(mapKey);
    if (!total) {
      total = { entity: group.entity, id: group.id, units: 0n, modelUnits: new Map<string, bigint>(), lastActiveAt: group.lastActiveAt };
      totals.set(mapKey, total);
    }
    total.units += units;
    total.modelUnits.set(group.model, (total.modelUnits.get(group.model) ?? 0n) + units);
    // Both are ISO text in UTC with milliseconds: the later one sorts last.
    if (group.lastActiveAt > total.lastActiveAt) total.lastActiveAt = group.lastActiveAt;
  }
  return [...totals.entries()]
    .sort(([a], [b]) => byKey(a, b))
    .map(([, total]) => ({
      entity: total.entity,
      id: total.id,
      spend: unitsToDecimal(total.units),
      modelSpend: Object.fromEntries([...total.modelUnits].map(([model, units]) => [model, unitsToDecimal(units)])),
      lastActiveAt: new Date(total.lastActiveAt),
    }));
}

/** One increment per (UTC day, entity, model), including the `global` ones, in a fixed order (team members have none). */
export function sumDailyTotals(groups: readonly SpendGroup[]): DailyIncrement[] {
  return groups
    .filter((group) => group.entity !== 'team_member')
    .map((group) => ({
      day: group.day,
      entityType: group.entity as SpendEntityType,
      entityId: group.id,
      model: group.model,
      spend: unitsToDecimal(decimalToUnits(group.spend)),
      promptTokens: Number(group.promptTokens),
      completionTokens: Number(group.completionTokens),
      totalTokens: Number(group.totalTokens),
      requests: Number(group.requests),
      successes: Number(group.successes),
      failures: Number(group.requests) - Number(group.successes),
      cacheHits: Number(group.cacheHits),
    }))
    .sort((a, b) => byKey(`${a.day}\u0000${a.entityType}\u0000${a.entityId}\u0000${a.model}`, `${b.day}\u0000${b.entityType}\u0000${b.entityId}\u0000${b.model}`));
}
