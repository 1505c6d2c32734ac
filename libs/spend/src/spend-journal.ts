import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { eventOfSpendLine } from '@switchboard/db';
import { acquireFolderLock } from '@switchboard/service-kit';
import { storableText, UNSTORABLE_ESCAPE } from './storable-text.ts';

/**
 * The rows of one write(2), as written: journal lines (typed or JSON, see insertSpendLines), each ending in a
 * newline, UTF-8. Kept as the bytes written (outside the JS heap, encoded once) and sent to the database as they are.
 */
export interface JournalChunk {
  bytes: Buffer;
  rows: number;
}

/** A segment's events as read from its file. */
export interface SegmentEvents {
  events: unknown[];
  /** Lines of the file that did not parse (a crash mid-write). */
  torn: number;
}

/** A segment's file: `.lines` (typed and JSON lines), or `.jsonl` (JSON lines only, written before typed lines were). */
const SEGMENT = /^\d{15}-\d+-\d+\.(?:lines|jsonl)$/;
/** Events kept in memory at most (about 1 KB each), over all segments; past it a segment is read from disk. */
const MAX_KEPT_EVENTS = 20_000;

/**
 * An append-only journal of spend events on local disk. Events are written to the kernel before they are
 * batched for the database: the kernel keeps them when the process crashes or is OOM-killed, and the next
 * start replays whatever was not yet in the database. Events go to the current segment; a flush seals it
 * and deletes a sealed segment only after the database has stored all of its rows.
 *
 * Group commit: the events of one event loop turn go out in one write(2) at its end (setImmediate), and
 * `append` resolves once they are written. The gateway answers a request only after that, so an answered
 * request is always journaled, and under load one write carries many events instead of one each.
 *
 * One process owns a journal folder (a lock file in it): a second one would take the first one's open
 * segment for sealed, store its rows in its own database and delete it.
 */
export class SpendJournal {
  private fd: number | undefined;
  private currentName: string | undefined;
  private currentLines = 0;
  private sequence = 0;
  /** Each queued event's JSON (its line without the newline). */
  private buffered: string[] = [];
  /** Whether every queued event may be kept (see `append`). */
  private bufferedKeepable = true;
  /**
   * What this process wrote to each of its segments, as the bytes it wrote, so a flush sends them to the
   * database as they are: no reading the file back, no parsing, no row objects kept alive until the flush (each
   * of those showed in the profile of a request with spend on). The file stays the record: a copy is used once
   * (a retry reads the file), and a segment whose copy would pass MAX_KEPT_EVENTS, or that holds an event its
   * writer did not vouch for, is read from disk instead; after a failed flush every copy is dropped (the
   * retries read the files), so a database outage cannot grow the heap.
   */
  private readonly kept = new Map<string, JournalChunk[]>();
  private keptEvents = 0;
  private batch: { promise: Promise<void>; resolve(): void; reject(error: unknown): void } | undefined;

  private readonly releaseLock: () => void;

  constructor(
    readonly dir: string,
    private readonly maxKeptEvents = MAX_KEPT_EVENTS,
  ) {
    mkdirSync(dir, { recursive: true });
    this.releaseLock = acquireFolderLock(join(dir, '.lock'), {
      what: `the spend journal folder ${dir}`,
      remedy: 'give each gateway process its own SPEND_JOURNAL_DIR',
    });
  }

  /**
   * Queues one event; resolves when it is written (rejects when the write failed). `keepable`: the writer vouches
   * that the event's line may go to the database as it is; one that may not makes the flush read its segment's file.
   * `line`: the event's JSON when the caller wrote it already (see spendLineFromCall), the same text JSON.stringify gives.
   */
  append(event: unknown, keepable = true, line = JSON.stringify(event)): Promise<void> {
    // Text the database would refuse (see storableText) is rare, so it is looked for in the line, not the object.
    return this.appendLine(UNSTORABLE_ESCAPE.test(line) ? JSON.stringify(storableText(event)) : line, keepable);
  }

  /**
   * Queues one event's journal line (typed or JSON) as it is (see `append`): the caller has made sure it holds no
   * text storableText would change.
   */
  appendLine(line: string, keepable = true): Promise<void> {
    this.buffered.push(line);
    if (!keepable) this.bufferedKeepable = false;
    this.currentLines++;
    if (!this.batch) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.batch = { promise, resolve, reject };
      setImmediate(() => this.writeBuffered());
    }
    return this.batch.promise;
  }

  /** Writes the queued events now (also what sealing and closing do first). */
  writeBuffered(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const lines = this.buffered;
    const text = `${lines.length === 1 ? (lines[0] as string) : lines.join('\n')}\n`;
    const keepable = this.bufferedKeepable;
    this.buffered = [];
    this.bufferedKeepable = true;
    try {
      if (this.fd === undefined) {
        this.currentName = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${this.sequence++}.lines`;
        this.fd = openSync(join(this.dir, this.currentName), 'a', 0o600);
        this.kept.set(this.currentName, []);
      }
      const bytes = Buffer.from(text, 'utf8');
      writeSync(this.fd, bytes);
      if (keepable) this.keep(this.currentName as string, { bytes, rows: lines.length });
      else this.dropCopy(this.currentName as string);
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }

  /** Closes the current segment so a flush can take it; the next append opens a new one. */
  seal(): void {
    this.writeBuffered();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.currentName = undefined;
    this.currentLines = 0;
  }

  /** Whether `dir` holds journal segments (rows not yet confirmed by the database); false when it does not exist. */
  static hasSegments(dir: string): boolean {
    try {
      return readdirSync(dir).some((name) => SEGMENT.test(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Sealed segments, oldest first (includes every segment a crashed process left behind). */
  sealedSegments(): string[] {
    return readdirSync(this.dir)
      .filter((name) => SEGMENT.test(name) && name !== this.currentName)
      .sort();
  }

  private keep(segment: string, chunk: JournalChunk): void {
    const kept = this.kept.get(segment);
    if (!kept) return;
    if (this.keptEvents + chunk.rows > this.maxKeptEvents) {
      // An incomplete copy is no copy: this segment is read from its file.
      this.dropCopy(segment);
      return;
    }
    kept.push(chunk);
    this.keptEvents += chunk.rows;
  }

  /** Drops every in-memory copy: the files are read from now on (after a failed flush). */
  forgetCopies(): void {
    this.kept.clear();
    this.keptEvents = 0;
  }

  private dropCopy(segment: string): JournalChunk[] | undefined {
    const kept = this.kept.get(segment);
    if (kept) for (const chunk of kept) this.keptEvents -= chunk.rows;
    this.kept.delete(segment);
    return kept;
  }

  /**
   * A sealed segment's bytes as this process wrote them, once (a retry reads the file); undefined when there is
   * no complete copy (another process's segment, a dropped copy, the segment still being appended to).
   */
  takeCopy(segment: string): JournalChunk[] | undefined {
    if (segment === this.currentName) return undefined;
    return this.dropCopy(segment);
  }

  /**
   * A segment's events from its file, from lines of either kind (typed lines, JSON lines, and the JSON lines of
   * segments written before typed lines were); a torn last line (crash mid-write) is reported, not parsed.
   */
  read(segment: string): SegmentEvents {
    this.dropCopy(segment);
    const lines = readFileSync(join(this.dir, segment), 'utf8').split('\n');
    // Every write ends its lines with a newline: text after the last one is a write the crash cut short.
    const cut = lines.pop() as string;
    const events: unknown[] = [];
    let torn = cut === '' ? 0 : 1;
    for (const line of lines) {
      if (line === '') continue;
      try {
        events.push(eventOfSpendLine(line));
      } catch {
        torn++;
      }
    }
    return { events, torn };
  }

  /**
   * Keeps events the database can never accept (they fail validation) out of the way of the others, in
   * a file an operator can inspect: never dropped, never retried for ever.
   */
  quarantine(events: unknown[]): string {
    const name = `rejected-${Date.now()}-${process.pid}.jsonl`;
    writeFileSync(join(this.dir, name), events.map((event) => `${JSON.stringify(event)}\n`).join(''), { mode: 0o600 });
    return name;
  }

  remove(segment: string): void {
    this.dropCopy(segment);
    unlinkSync(join(this.dir, segment));
  }

  get pendingInCurrent(): number {
    return this.currentLines;
  }

  close(): void {
    this.seal();
    this.releaseLock();
  }
}
