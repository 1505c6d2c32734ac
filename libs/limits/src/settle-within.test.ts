import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deadlineOf, settleWithin, SharedLimiterTimeout } from './settle-within.ts';
import { stall } from './testing/stall.ts';

describe('settleWithin', () => {
  it('passes a value or an error through as it is', async () => {
    await expect(settleWithin(Promise.resolve(7), 50)).resolves.toBe(7);
    const error = new Error('refused');
    await expect(settleWithin(Promise.reject(error), 50)).rejects.toBe(error);
  });

  it('gives up at the deadline when no answer comes', async () => {
    const started = performance.now();
    await expect(settleWithin(new Promise(() => undefined), 30)).rejects.toBeInstanceOf(SharedLimiterTimeout);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('takes an answer that arrived on a socket while this process stalled past the deadline', async () => {
    // The peer is another process: it answers while this one stalls.
    const peer = spawn(process.execPath, ['-e', "require('net').createServer((s) => s.on('data', () => s.write('answer'))).listen(0, '127.0.0.1', function () { process.send(this.address().port) })"], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const [port] = (await once(peer, 'message')) as [number];
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    try {
      const answer = new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
      const settled = settleWithin(answer, 20);
      socket.write('question');
      // The peer answers within a millisecond; this process reads nothing for 100 ms, five deadlines.
      stall(100);
      await expect(settled).resolves.toBe('answer');
    } finally {
      socket.destroy();
      peer.kill();
    }
  });

  it('deadlineOf(undefined) leaves the call as it is', async () => {
    const call = Promise.resolve(1);
    expect(deadlineOf(undefined)(call)).toBe(call);
    await expect(deadlineOf(10)(new Promise(() => undefined))).rejects.toBeInstanceOf(SharedLimiterTimeout);
  });
});
