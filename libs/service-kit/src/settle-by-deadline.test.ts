import { describe, expect, it } from 'vitest';
import { settleByDeadline } from './settle-by-deadline.ts';

// The race against a stall of this process (an answer read after the deadline passed) is tested where it
// matters, against real sockets: the limiter's settleWithin and the response cache's Redis lookup.
describe('settleByDeadline', () => {
  it('passes a value or an error through as it is', async () => {
    await expect(settleByDeadline(Promise.resolve(7), 50, () => 'late')).resolves.toBe(7);
    const error = new Error('refused');
    await expect(settleByDeadline(Promise.reject(error), 50, () => 'late')).rejects.toBe(error);
  });

  it("gives late()'s value at the deadline when no answer comes, or rejects with what it throws", async () => {
    const started = performance.now();
    await expect(settleByDeadline(new Promise(() => undefined), 30, () => 'late')).resolves.toBe('late');
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    const timeout = new Error('timed out');
    await expect(
      settleByDeadline(new Promise(() => undefined), 10, () => {
        throw timeout;
      }),
    ).rejects.toBe(timeout);
  });

  it('ignores an answer that comes after the verdict', async () => {
    let answer!: (value: string) => void;
    const settled = settleByDeadline(new Promise<string>((resolve) => (answer = resolve)), 10, () => 'late');
    await new Promise((resolve) => setTimeout(resolve, 30));
    answer('too late');
    await expect(settled).resolves.toBe('late');
  });
});
