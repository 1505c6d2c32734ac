import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { SecretMask } from '@switchboard/providers';
import { FrameWriter } from './frame-writer.ts';

/** A response that records its writes; `full` makes write() report a full socket. */
class RecordingResponse extends EventEmitter {
  writes: string[] = [];
  writableEnded = false;
  destroyed = false;
  full = false;
  write(text: string): boolean {
    this.writes.push(text);
    return !this.full;
  }
}

const writerOn = (res: RecordingResponse, mask = SecretMask.none) => new FrameWriter(res as unknown as Response, mask);

/** The events of one upstream chunk as the stream reader hands them over: one promise turn each. */
async function addInTurns(out: FrameWriter, frames: string[]): Promise<void> {
  for (const frame of frames) {
    await Promise.resolve();
    out.add(frame);
  }
}

describe('FrameWriter', () => {
  it('writes the frames of one chunk as one write, before the event loop moves on to other callbacks', async () => {
    const res = new RecordingResponse();
    const out = writerOn(res);
    const order: string[] = [];
    // Queued before the frames: with the write deferred to setImmediate, this callback would run first.
    setImmediate(() => order.push(`immediate after ${res.writes.length} write(s)`));
    await addInTurns(out, ['data: a\n\n', 'data: b\n\n', 'data: c\n\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.writes).toEqual(['data: a\n\ndata: b\n\ndata: c\n\n']);
    expect(order).toEqual(['immediate after 1 write(s)']);
  });

  it('masks what goes out with the deployment credentials', async () => {
    const res = new RecordingResponse();
    const out = writerOn(res, SecretMask.of(['sk-upstream-secret-123456']));
    out.add('data: {"echo":"sk-upstream-secret-123456"}\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.writes.join('')).not.toContain('sk-upstream-secret-123456');
    expect(res.writes).toHaveLength(1);
  });

  it('hands what is gathered to take() (the last frames go out with res.end), and then writes nothing', async () => {
    const res = new RecordingResponse();
    const out = writerOn(res);
    out.add('data: last\n\n');
    expect(out.take()).toBe('data: last\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.writes).toEqual([]);
  });

  it('sets wait while the socket is full, and clears it on drain', async () => {
    const res = new RecordingResponse();
    res.full = true;
    const out = writerOn(res);
    out.add('data: x\n\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.wait).toBeInstanceOf(Promise);
    res.emit('drain');
    await out.wait;
    expect(out.wait).toBeUndefined();
  });

  it('writes nothing to an answer that ended or was destroyed', async () => {
    const res = new RecordingResponse();
    const out = writerOn(res);
    out.add('data: x\n\n');
    res.destroyed = true;
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.writes).toEqual([]);
  });
});
