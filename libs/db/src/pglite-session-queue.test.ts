import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteSessionQueue } from './pglite-session-queue.ts';
import { servePglite } from './serve-pglite.ts';

/** The backend messages in a stream of bytes, as [type letter, body]. */
function messagesOf(bytes: Uint8Array[]): [string, Buffer][] {
  const all = Buffer.concat(bytes);
  const out: [string, Buffer][] = [];
  for (let at = 0; at < all.length; ) {
    const length = all.readInt32BE(at + 1);
    out.push([String.fromCharCode(all[at] as number), all.subarray(at + 5, at + 1 + length)]);
    at += 1 + length;
  }
  return out;
}

describe('PgliteSessionQueue', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it("keeps the session for one connection's extended-protocol sequence: another's Parse cannot take its unnamed statement", async () => {
    const queue = new PgliteSessionQueue(db);
    const out: Record<number, Uint8Array[]> = { 1: [], 2: [] };
    // Answers are copied: PGlite hands out views of its own memory, which the next answer overwrites.
    const send = (connection: 1 | 2, message: Buffer) => queue.enqueue(connection, new Uint8Array(message), (data) => out[connection]?.push(Buffer.from(data)));
    // As two clients' writes can arrive: the first's Parse, then the whole of the second's sequence, then the rest of the first's.
    await Promise.all([
      send(1, serialize.parse({ text: 'select $1::text as v' })),
      send(2, serialize.parse({ text: 'select $1::int + 1 as v' })),
      send(2, serialize.bind({ values: ['41'] })),
      send(2, serialize.execute()),
      send(2, serialize.sync()),
      send(1, serialize.bind({ values: ['one'] })),
      send(1, serialize.execute()),
      send(1, serialize.sync()),
    ]);
    const first = messagesOf(out[1] as Uint8Array[]);
    const second = messagesOf(out[2] as Uint8Array[]);
    expect(first.map(([type]) => type)).toEqual(['1', '2', 'D', 'C', 'Z']);
    expect(second.map(([type]) => type)).toEqual(['1', '2', 'D', 'C', 'Z']);
    expect(first[2]?.[1].toString('latin1')).toContain('one');
    expect(second[2]?.[1].toString('latin1')).toContain('42');
  });

  it('ends the sequence of a connection that left in the middle of it, so the next one is answered', async () => {
    const queue = new PgliteSessionQueue(db);
    const out: Uint8Array[] = [];
    // A Parse that fails puts the session into skipping everything up to a Sync; the connection then goes away.
    await queue.enqueue(1, new Uint8Array(serialize.parse({ text: 'select from nowhere_at_all' })), () => undefined);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await queue.enqueue(2, new Uint8Array(serialize.query('select 7 as v')), (data) => out.push(Buffer.from(data)));
    expect(messagesOf(out).map(([type]) => type)).toEqual(['T', 'D', 'C', 'Z']);
  });

  it('frees the session of a connection that left while its own message was running', async () => {
    const queue = new PgliteSessionQueue(db);
    const out: Uint8Array[] = [];
    // Its Parse is running when it goes: the session must not stay kept for a connection that can send no Sync.
    const parsing = queue.enqueue(1, new Uint8Array(serialize.parse({ text: 'select 1' })), () => undefined);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await parsing;
    await queue.enqueue(2, new Uint8Array(serialize.query('select 7 as v')), (data) => out.push(Buffer.from(data)));
    expect(messagesOf(out).map(([type]) => type)).toEqual(['T', 'D', 'C', 'Z']);
  });
});

describe('servePglite', () => {
  it('serves many pooled connections at once: parameterized queries and transactions, no wrong statement and no hang', async () => {
    const db = await PGlite.create();
    await db.exec('create table t (id serial primary key, v text); create table o (id serial primary key, e text)');
    const server = servePglite(db, { host: '127.0.0.1', port: 0, maxConnections: 20 });
    await server.start();
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@${server.getServerConn()}/postgres`, max: 10 });
    const transaction = async (v: string) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('insert into t (v) values ($1)', [v]);
        await client.query('insert into o (e) values ($1)', ['x']);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    const failing = async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await expect(client.query('insert into nowhere values (1)')).rejects.toThrow(/nowhere/);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    };
    try {
      for (let round = 0; round < 300; round += 1) {
        const [, , counted, , echoed] = await Promise.all([
          transaction(`a${round}`),
          transaction(`b${round}`),
          pool.query('select count(*)::int as n from t where v = $1', [`a${round}`]),
          failing(),
          pool.query('select $1::text as v, $2::int as n', [`r${round}`, round]),
          transaction(`c${round}`),
          pool.query('select pg_sleep(0)'),
        ]);
        expect(counted.rows[0].n).toBeLessThanOrEqual(1);
        expect(echoed.rows[0]).toEqual({ v: `r${round}`, n: round });
      }
      expect((await pool.query('select count(*)::int as n from t')).rows[0].n).toBe(900);
    } finally {
      await pool.end();
      await server.stop();
      await db.close();
    }
  }, 60_000);
});
