/**
 * What a provider call and the router need of the signal that stops them: a flag, a reason and 'abort'
 * listeners. A DOM/Node `AbortSignal` is one; `CallAbortController` gives a cheaper one.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An abort controller that is its own signal, for the one the gateway creates per request. On Node 20 an
 * `AbortController` (an EventTarget, its lazily built AbortSignal, the listener bookkeeping of each
 * add/remove) showed as several percent of a request's CPU in the gateway's profile; this is a flag and
 * an array. Every listener runs at most once: the first `abort()` calls them all and drops them.
 */
export class CallAbortController implements CallSignal {
  private state: { reason: unknown } | undefined;
  private listeners: (() => void)[] | undefined;

  get signal(): CallSignal {
    return this;
  }

  get aborted(): boolean {
    return this.state !== undefined;
  }

  get reason(): unknown {
    return this.state?.reason;
  }

  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.state) return;
    this.state = { reason };
    // Taken one by one from the live list, so a listener removed by an earlier one is skipped (as with AbortSignal).
    const listeners = this.listeners;
    if (!listeners) return;
    for (let listener = listeners.shift(); listener; listener = listeners.shift()) listener();
    this.listeners = undefined;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.state) return; // like AbortSignal: an aborted signal fires no more events
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const index = listeners.indexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }
}
