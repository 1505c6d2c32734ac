import { eventOfSpendLine, isDataRefusal, journalLineOf, readSpendRow, spendRowSchema, type SpendRowInput, type ValidSpendRow } from '@switchboard/db';
import type { CallRecord } from '@switchboard/contracts';
import { spendLineFromCall } from './spend-line-from-call.ts';
import { spendRowFromCall } from './spend-row-from-call.ts';
import { SpendJournal, type JournalChunk } from './spend-journal.ts';

export interface SpendWriterOptions {
  journalDir: string;
  /**
   * Stores valid rows, given as journal lines (typed lines or JSON lines, one row per line), idempotently
   * (insertSpendJournalLines); throws when the database refuses or is away.
   */
  insertLines: (lines: string | Buffer) => Promise<{ inserted: string[]; duplicates: number }>;
  /** How often pending events are flushed. */
  intervalMs?: number;
  /**
   * Flush early once this many events wait (default 4,000). PostgreSQL's CPU per row shrinks with the batch (the
   * statement's planning, the counters' updates and the commit are paid once per batch), and on a host it shares
   * with the gateway that is the gateway's: 4,000 and 2,000 per call measured 2 µs less per row than 1,000 and 500.
   */
  maxPending?: number;
  /** Rows per database call (default 2,000). */
  batchSize?: number;
  onFlushed?(stats: { inserted: number; duplicates: number }): void;
  onFlushFailed?(error: unknown, pendingSegments: number): void;
  onTornLines?(segment: string, count: number): void;
  /** Events that can never be stored (invalid), moved to a quarantine file instead of blocking the rest. */
  onQuarantined?(file: string, count: number): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Spend rows off the request path: `record` journals one event synchronously (a single write), a timer
 * flushes sealed journal segments to the database in batches, a failed batch stays on disk and is
 * retried with backoff, and `close` flushes what is left (SIGTERM). Rows carry their request id, so
 * replays and retries never bill twice.
 */
export class SpendWriter {
  private readonly journal: SpendJournal;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private closed = false;

  constructor(private readonly options: SpendWriterOptions) {
    this.journal = new SpendJournal(options.journalDir);
  }

  /** Replays what an earlier process left and starts the flush timer. */
  start(): void {
    const interval = this.options.intervalMs ?? 1_000;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), interval);
    this.timer.unref();
    void this.flush().catch(() => undefined);
  }

  /** Journals one row; resolves once it is on disk (see SpendJournal), rejects when that write failed. */
  record(row: SpendRowInput): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spend writer is closed'));
    // A row as the gateway makes it is its own reading (valid, every default present): its journal line can go
    // to the database as it is. Any other row (a default to fill, or invalid) makes the flush read its segment's
    // file, which fills defaults and quarantines what can never be stored.
    return this.afterAppend(this.journal.append(row, readSpendRow(row) === row));
  }

  /**
   * Journals the spend row of a settled call; undefined when there is none (nobody authenticated the call). The
   * row's line is written straight from the call (spendLineFromCall); a call whose row needs checking or repair
   * goes through spendRowFromCall and `record`. Resolves and rejects as `record` does.
   */
  recordCall(call: CallRecord): Promise<void> | undefined {
    const line = spendLineFromCall(call);
    if (line !== undefined) return this.recordLine(line);
    const row = spendRowFromCall(call);
    return row ? this.record(row) : undefined;
  }

  /**
   * Journals one row given as its journal line (typed, see spendLineFromCall), which the caller vouches for: a row
   * readSpendRow takes as it is (valid, every default present) holding no text storableText would change (see
   * spendLineFromCall). The line goes to the database as it is. Resolves and rejects as `record` does.
   */
  recordLine(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spend writer is closed'));
    return this.afterAppend(this.journal.appendLine(line));
  }

  /** Starts a flush early once enough rows wait (see maxPending). */
  private afterAppend(written: Promise<void>): Promise<void> {
    if (this.journal.pendingInCurrent >= (this.options.maxPending ?? 4_000) && Date.now() >= this.nextAttemptAt) void this.flush().catch(() => undefined);
    return written;
  }

  /** Events written to disk but not yet confirmed by the database. */
  pendingSegments(): number {
    return this.journal.sealedSegments().length + (this.journal.pendingInCurrent > 0 ? 1 : 0);
  }

  flush(force = false): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!force && Date.now() < this.nextAttemptAt) return Promise.resolve();
    this.flushing = this.flushSegments().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushSegments(): Promise<void> {
    this.journal.seal();
    const batchSize = this.options.batchSize ?? 2_000;
    for (const segment of this.journal.sealedSegments()) {
      const copy = this.journal.takeCopy(segment);
      const batches: Iterable<string | Buffer> = copy ? batchesOfChunks(copy, batchSize) : this.readBatches(segment, batchSize);
      let inserted = 0;
      let duplicates = 0;
      try {
        for (const lines of batches) {
          const result = await this.insertOrIsolate(lines);
          inserted += result.inserted;
          duplicates += result.duplicates;
        }
      } catch (error) {
        this.journal.forgetCopies();
        this.failures++;
        this.nextAttemptAt = Date.now() + Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 8));
        this.options.onFlushFailed?.(error, this.journal.sealedSegments().length);
        throw error;
      }
      this.journal.remove(segment);
      this.failures = 0;
      this.nextAttemptAt = 0;
      this.options.onFlushed?.({ inserted, duplicates });
    }
  }

  /**
   * Inserts one batch. When the database refuses its data (isDataRefusal: a retry could never succeed), inserts its
   * rows one by one and moves the refused ones to a quarantine file, so one bad row cannot hold back every row
   * after it for ever; an outage still fails the whole flush, to be retried.
   */
  private async insertOrIsolate(lines: string | Buffer): Promise<{ inserted: number; duplicates: number }> {
    try {
      const result = await this.options.insertLines(lines);
      return { inserted: result.inserted.length, duplicates: result.duplicates };
    } catch (error) {
      if (!isDataRefusal(error)) throw error;
    }
    let inserted = 0;
    let duplicates = 0;
    const refused: unknown[] = [];
    for (const line of String(lines).split('\n')) {
      if (line === '') continue;
      try {
        const result = await this.options.insertLines(line);
        inserted += result.inserted.length;
        duplicates += result.duplicates;
      } catch (error) {
        if (!isDataRefusal(error)) throw error;
        refused.push(eventOfSpendLine(line));
      }
    }
    if (refused.length > 0) this.options.onQuarantined?.(this.journal.quarantine(refused), refused.length);
    return { inserted, duplicates };
  }

  /**
   * A segment read from its file, as batches of journal lines (typed where the row allows, else JSON): defaults
   * filled, torn lines reported, invalid events quarantined.
   */
  private readBatches(segment: string, batchSize: number): string[] {
    const { events: read, torn } = this.journal.read(segment);
    if (torn > 0) this.options.onTornLines?.(segment, torn);
    const rows: ValidSpendRow[] = [];
    const invalid: unknown[] = [];
    for (const event of read) {
      const row = readSpendRow(event);
      if (row) {
        rows.push(row);
        continue;
      }
      const parsed = spendRowSchema.safeParse(event);
      if (parsed.success) rows.push(parsed.data);
      else invalid.push(event);
    }
    if (invalid.length > 0) this.options.onQuarantined?.(this.journal.quarantine(invalid), invalid.length);
    const batches: string[] = [];
    for (let start = 0; start < rows.length; start += batchSize) batches.push(rows.slice(start, start + batchSize).map(journalLineOf).join('\n'));
    return batches;
  }

  /** Stops the timer and flushes everything, retrying until `deadlineMs`; what is left stays journaled. */
  async close(deadlineMs = 10_000): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const giveUpAt = Date.now() + deadlineMs;
    for (;;) {
      try {
        if (this.flushing) await this.flushing.catch(() => undefined);
        await this.flush(true);
        break;
      } catch {
        if (Date.now() >= giveUpAt) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    this.journal.close();
  }
}

/**
 * A copy's write chunks joined into batches of about `batchSize` rows (a chunk, one write's rows, is never split),
 * made one at a time as the flush asks for the next, and each chunk let go once it is in a batch: a flush holds
 * one batch and what is left of the copy, not the segment twice (all its batches made up front, beside the copy,
 * were a few MB of the gateway's resident memory under load with spend on).
 */
export function* batchesOfChunks(chunks: (JournalChunk | undefined)[], batchSize: number): Generator<Buffer> {
  let parts: Buffer[] = [];
  let rows = 0;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i] as JournalChunk;
    chunks[i] = undefined;
    parts.push(chunk.bytes);
    rows += chunk.rows;
    if (rows >= batchSize) {
      const batch = Buffer.concat(parts);
      parts = [];
      rows = 0;
      yield batch;
    }
  }
  if (parts.length > 0) yield Buffer.concat(parts);
}
