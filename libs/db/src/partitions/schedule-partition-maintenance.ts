import type { Database } from '../database.ts';
import type { DatabaseLogger } from '../open-database.ts';
import { maintainSpendLogPartitions } from './spend-log-partitions.ts';

const SIX_HOURS_MS = 6 * 60 * 60 * 1000;

/**
 * Keeps spend_logs' partitions ahead of time and within retention from a long-running process: once now,
 * then every `intervalMs`. Failures are logged and retried at the next tick (rows meanwhile land in the
 * default partition, so nothing is lost). The timer never keeps the process alive.
 */
export function schedulePartitionMaintenance(
  db: Database,
  { retentionDays, logger, intervalMs = SIX_HOURS_MS }: { retentionDays: number | null; logger: DatabaseLogger; intervalMs?: number },
): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const run = async () => {
    try {
      const changes = await maintainSpendLogPartitions(db, { retentionDays });
      if (changes.created.length > 0 || changes.dropped.length > 0) logger.info(changes, 'spend_logs partitions maintained');
    } catch (err) {
      if (!stopped) logger.warn({ err }, 'spend_logs partition maintenance failed; retrying at the next interval');
    }
  };
  const done = run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    done,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
