import type { SinkSettings } from '../settings/telemetry-settings.ts';
import type { CallSinksInput, CallSinksResolver } from './resolve-call-sinks.ts';

export type CachedCallSinks = (input: CallSinksInput, owners?: object) => readonly SinkSettings[];

/**
 * Resolves a call's sinks once per `owners` object (the gateway passes the key context's logging, which the
 * key cache replaces when the key or team changes): metadata is not parsed again per call, the same sink
 * objects come back (so the logger finds their queue at once), and each problem is reported once per
 * metadata, not per call. The WeakMap lets a replaced context's entry go with it.
 */
export function cacheCallSinks(resolve: CallSinksResolver, onProblems: (problems: readonly string[]) => void): CachedCallSinks {
  const resolved = new WeakMap<object, readonly SinkSettings[]>();
  return (input, owners) => {
    if (!owners) {
      const { sinks, problems } = resolve(input);
      if (problems.length > 0) onProblems(problems);
      return sinks;
    }
    let sinks = resolved.get(owners);
    if (!sinks) {
      const answer = resolve(input);
      sinks = answer.sinks;
      resolved.set(owners, sinks);
      if (answer.problems.length > 0) onProblems(answer.problems);
    }
    return sinks;
  };
}
