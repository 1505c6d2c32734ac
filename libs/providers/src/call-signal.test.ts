import { describe, expect, it } from 'vitest';
import { CallAbortController } from './call-signal.ts';

describe('CallAbortController', () => {
  it('is not aborted until abort() and then carries the reason', () => {
    const controller = new CallAbortController();
    expect(controller.signal.aborted).toBe(false);
    expect(controller.signal.reason).toBeUndefined();
    const reason = new Error('client left');
    controller.abort(reason);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe(reason);
  });

  it('gives an AbortError reason when none is given, as AbortController does', () => {
    const controller = new CallAbortController();
    controller.abort();
    expect((controller.signal.reason as DOMException).name).toBe('AbortError');
  });

  it('calls each listener once, on the first abort only, and never a removed one', () => {
    const controller = new CallAbortController();
    const calls: string[] = [];
    const first = () => calls.push('first');
    const removed = () => calls.push('removed');
    controller.signal.addEventListener('abort', first);
    controller.signal.addEventListener('abort', first); // the same listener twice counts once
    controller.signal.addEventListener('abort', removed, { once: true });
    controller.signal.removeEventListener('abort', removed);
    controller.abort();
    controller.abort(new Error('again'));
    expect(calls).toEqual(['first']);
    expect((controller.signal.reason as DOMException).name).toBe('AbortError');
  });

  it('calls no listener added after the abort, as an aborted AbortSignal fires no more events', () => {
    const controller = new CallAbortController();
    controller.abort();
    let called = false;
    controller.signal.addEventListener('abort', () => {
      called = true;
    });
    expect(called).toBe(false);
  });

  it('lets a listener remove another one while the abort runs them', () => {
    const controller = new CallAbortController();
    const calls: string[] = [];
    const second = () => calls.push('second');
    controller.signal.addEventListener('abort', () => {
      calls.push('first');
      controller.signal.removeEventListener('abort', second);
    });
    controller.signal.addEventListener('abort', second);
    controller.abort();
    // AbortSignal runs the listeners registered when the event fired; removing one mid-dispatch skips it.
    expect(calls).toEqual(['first']);
  });
});
