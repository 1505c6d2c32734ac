import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  connection: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

/** Message types after which a connection no longer needs the session to itself (outside a transaction). */
const SYNC = 0x53; // 'S': ends an extended-protocol sequence (Parse, Bind, Describe, Execute, ... Sync)
const QUERY = 0x51; // 'Q': a simple query is one message
const TERMINATE = 0x58; // 'X'
/** A Sync message, sent for a connection that left in the middle of a sequence (see `leave`). */
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * The order in which the connections of pglite-socket reach PGlite's one session: a connection keeps the session
 * from its first message until its sequence ends (a Sync, a simple query), and for as long as a transaction it
 * began is open; the others' messages wait. pglite-socket's own queue (0.2.x) kept connections apart only inside
 * transactions, so one connection's Parse and another's Bind could meet in the session's one unnamed statement:
 * "unnamed prepared statement does not exist", a Bind of the wrong statement, or an answer read by the wrong
 * client (ten pooled connections failed that way within a few hundred rounds; `pglite-session-queue.test.ts`).
 * It takes the place of that queue (see servePglite) and has its interface.
 */
export class PgliteSessionQueue {
  private readonly pending: Pending[] = [];
  private processing = false;
  /** The connection the session is kept for, or null when any may go next. */
  private owner: number | null = null;
  /** Connections that went away since the loop last looked (see clearTransactionIfNeeded). */
  private readonly departed = new Set<number>();

  constructor(private readonly db: PGlite) {}

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ connection, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  /** A connection went away: what it left queued is refused. */
  clearQueueForHandler(connection: number): void {
    for (let i = this.pending.length - 1; i >= 0; i -= 1) {
      const entry = this.pending[i] as Pending;
      if (entry.connection !== connection) continue;
      this.pending.splice(i, 1);
      entry.reject(new Error('connection closed'));
    }
  }

  /**
   * After clearQueueForHandler. If the session is kept for that connection, its sequence is ended with a Sync (the
   * session would otherwise skip the next connection's messages up to their own Sync after an error) and its
   * transaction rolled back, and the others go on. Done by the loop, which may be running that connection's last
   * message right now: the session is kept for it only once that message is done.
   */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    this.departed.add(connection);
    await this.process();
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.pending.shift();
    const index = this.pending.findIndex((entry) => entry.connection === this.owner);
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        // Awaited only when someone left: a message enqueued to an idle queue starts at once.
        if (this.departed.size > 0) await this.releaseDeparted();
        const entry = this.next();
        if (!entry) break;
        let bytes = 0;
        const { message, onData } = entry;
        let failure: { error: unknown } | undefined;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                bytes += data.length;
                onData(data);
              },
            }),
          );
        } catch (error) {
          failure = { error };
        }
        this.owner = this.db.isInTransaction() || !endsSequence(message) ? entry.connection : null;
        if (failure) entry.reject(failure.error);
        else entry.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /** Ends the sequence and transaction of the connection the session is kept for, if it went away. */
  private async releaseDeparted(): Promise<void> {
    const gone = this.owner !== null && this.departed.has(this.owner);
    this.departed.clear();
    if (!gone) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined });
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    });
    this.owner = null;
  }
}

/** Whether the session is free for another connection after this message (outside a transaction). */
function endsSequence(message: Uint8Array): boolean {
  const type = message[0];
  // The startup message has no type byte: it begins with its length, whose first byte is 0.
  return type === SYNC || type === QUERY || type === TERMINATE || type === 0;
}
