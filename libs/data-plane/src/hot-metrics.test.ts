import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HotCounter, HotHistogram } from './hot-metrics.ts';

/** Exposition lines with each line's labels sorted, so label order does not matter (it does not to Prometheus). */
function normalized(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^([^{ ]+)\{(.*)\} (.+)$/.exec(line);
      if (!match) return line;
      const labels = (match[2] as string).match(/[a-z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
      return `${match[1]}{${[...labels].sort().join(',')}} ${match[3]}`;
    })
    .sort();
}

describe('hot metrics', () => {
  it('expose a counter exactly as prom-client does for the same increments', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const hot = new HotCounter({ name: 'x_requests_total', help: 'Requests "quoted" \\ and\nnewline', labelNames: ['model', 'status'], registers: [ours] });
    const reference = new Counter({ name: 'x_requests_total', help: 'Requests "quoted" \\ and\nnewline', labelNames: ['model', 'status'], registers: [theirs] });
    const increments: [string, string, number][] = [
      ['gpt-4o', '200', 1],
      ['gpt-4o', '200', 2.5],
      ['gpt-4o', '500', 1],
      ['odd "model"\\name\n', '200', 0.000001],
    ];
    for (const [model, status, by] of increments) {
      hot.labels(model, status).inc(by);
      reference.labels(model, status).inc(by);
    }
    expect(normalized(await ours.metrics())).toEqual(normalized(await theirs.metrics()));
  });

  it('expose a histogram exactly as prom-client does: cumulative buckets, +Inf, sum and count per label set', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const buckets = [0.001, 0.01, 0.1, 1];
    const hot = new HotHistogram({ name: 'x_seconds', help: 'Latency', labelNames: ['model'], buckets, registers: [ours] });
    const reference = new Histogram({ name: 'x_seconds', help: 'Latency', labelNames: ['model'], buckets, registers: [theirs] });
    // On a bound, between bounds, above every bound, zero.
    const observations: [string, number][] = [
      ['a', 0.001],
      ['a', 0.0011],
      ['a', 0.5],
      ['a', 7],
      ['b', 0],
      ['b', 1],
    ];
    for (const [model, value] of observations) {
      hot.labels(model).observe(value);
      reference.labels(model).observe(value);
    }
    expect(normalized(await ours.metrics())).toEqual(normalized(await theirs.metrics()));
    expect(await ours.metrics()).toContain('x_seconds_bucket{model="a",le="0.01"} 2');
  });

  it('keep one child per label set and refuse the wrong number of label values', () => {
    const hot = new HotCounter({ name: 'y_total', help: 'y', labelNames: ['a', 'b'], registers: [] });
    expect(hot.labels('1', '2')).toBe(hot.labels('1', '2'));
    expect(hot.labels('1', '2')).not.toBe(hot.labels('1\u00002', ''));
    expect(() => hot.labels('1')).toThrow(/takes 2 label values/);
  });

  it('count no negative or non-finite amounts', async () => {
    const registry = new Registry();
    const counter = new HotCounter({ name: 'z_total', help: 'z', labelNames: ['a'], registers: [registry] });
    const histogram = new HotHistogram({ name: 'z_seconds', help: 'z', labelNames: ['a'], buckets: [1], registers: [registry] });
    counter.labels('k').inc(-1);
    counter.labels('k').inc(Number.NaN);
    counter.labels('k').inc(Infinity);
    counter.labels('k').inc();
    histogram.labels('k').observe(Number.NaN);
    histogram.labels('k').observe(0.5);
    const text = await registry.metrics();
    expect(text).toContain('z_total{a="k"} 1');
    expect(text).toContain('z_seconds_count{a="k"} 1');
    expect(text).toContain('z_seconds_sum{a="k"} 0.5');
  });
});
