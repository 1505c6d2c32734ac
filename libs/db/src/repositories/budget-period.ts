/** `budget_duration` as the reset reads it ("30s", "30m", "30h", "30d"; budget-resets.ts): milliseconds, or undefined. */
export function budgetDurationMs(duration: string | null | undefined): number | undefined {
  const match = duration ? /^(\d+)([smhd]?)$/.exec(duration.trim()) : null;
  if (!match) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] || 'd') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/**
 * When a periodic budget's current period began: its next reset less one duration. Undefined for a budget that
 * never resets (all of its spend counts).
 */
export function budgetPeriodStart(resetAt: Date | null | undefined, duration: string | null | undefined): Date | undefined {
  const ms = budgetDurationMs(duration);
  return resetAt && ms !== undefined ? new Date(resetAt.getTime() - ms) : undefined;
}
