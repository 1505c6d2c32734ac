import { describe, expect, it } from 'vitest';

// bench/harness-verdict.mjs holds the neutral harness's runs to issue #19's targets; the README's tables come from it.
interface Cells {
  cpu: { gateway: number; floor: number };
  cpuRatio: number;
  rpsRatio: number;
  p99At64: { gateway: number; floor: number };
  p99At64Ratio: number;
  p99At1: { gateway: number; floor: number };
  p99At1AddedMs: number;
  streamRatios: number[];
  ttftAddedMs: number;
}
interface Verdict {
  target: string;
  reading: number;
  met: boolean;
}
const { summarizeRun, verdictsOf, readmeRow } = (await import(new URL('../../../bench/harness-verdict.mjs', import.meta.url).href)) as {
  summarizeRun: (records: unknown[], gateway: string) => Cells;
  verdictsOf: (run: Cells, key: string) => Verdict[];
  readmeRow: (run: Cells) => string;
};

/** A wrk cell as compare.sh records it: `cpuUs` per request at clk_tck 100 over `requests`. */
function wrkCell(target: string, mode: string, conns: number, rep: number, cell: { requests: number; cpuUs: number; rps?: number; p99Us?: number }) {
  return {
    rep,
    target,
    mode,
    conns,
    clk_tck: 100,
    sut_cpu_ticks: (cell.cpuUs * cell.requests) / 1e4,
    w: { requests: cell.requests, rps: cell.rps ?? cell.requests / 6, lat_p99_us: cell.p99Us ?? 1000 },
  };
}
const probe = (target: string, rep: number, ttftUs: number) => ({ rep, target, mode: 'probe', conns: 16, p: { ttft_p50_us: ttftUs } });

/** Two reps of every cell #19 reads; `gateway` scales the gateway's side of each. */
function runRecords(gateway: { cpu: number[]; rps: number; p99At64Us: number; p99At1Us: number; stream: number; ttftUs: number }) {
  const records: unknown[] = [];
  for (const rep of [1, 2]) {
    const index = rep - 1;
    records.push(wrkCell('undici', 'chat', 64, rep, { requests: 60_000, cpuUs: 100, rps: 10_000, p99Us: 10_000 }));
    records.push(wrkCell('switchboard', 'chat', 64, rep, { requests: 60_000, cpuUs: gateway.cpu[index] ?? NaN, rps: gateway.rps, p99Us: gateway.p99At64Us }));
    records.push(wrkCell('undici', 'chat', 1, rep, { requests: 30_000, cpuUs: 150, p99Us: 3_000 }));
    records.push(wrkCell('switchboard', 'chat', 1, rep, { requests: 20_000, cpuUs: 200, p99Us: gateway.p99At1Us }));
    for (const conns of [16, 64]) {
      records.push(wrkCell('undici', 'stream', conns, rep, { requests: 2_000, cpuUs: 600 }));
      records.push(wrkCell('switchboard', 'stream', conns, rep, { requests: 2_000, cpuUs: gateway.stream }));
    }
    records.push(probe('undici', rep, 3_000), probe('switchboard', rep, gateway.ttftUs));
  }
  return records;
}

const passing = { cpu: [140, 150], rps: 7_500, p99At64Us: 15_000, p99At1Us: 3_500, stream: 900, ttftUs: 3_400 };

describe('bench/harness-verdict.mjs', () => {
  it('reads each cell as the median of its reps and each ratio against the floor of the same run', () => {
    const run = summarizeRun(runRecords(passing), 'switchboard');
    expect(run.cpu.gateway).toBeCloseTo(145, 6);
    expect(run.cpu.floor).toBeCloseTo(100, 6);
    expect(run.cpuRatio).toBeCloseTo(1.45, 6);
    expect(run.rpsRatio).toBeCloseTo(0.75, 6);
    expect(run.p99At64).toEqual({ gateway: 15, floor: 10 });
    expect(run.streamRatios.map((ratio) => Number(ratio.toFixed(6)))).toEqual([1.5, 1.5]);
    expect(run.ttftAddedMs).toBeCloseTo(0.4, 6);
    expect(readmeRow(run)).toBe('145 (100) | 1.45 | 0.75 | 15.00 (10.00): 1.50× | 3.50 (3.00) | 1.50 / 1.50 | +0.40');
  });

  it('meets every master-key target in a run inside them, and none past its line', () => {
    const inside = verdictsOf(summarizeRun(runRecords(passing), 'switchboard'), 'master');
    expect(inside.filter((verdict) => !verdict.met)).toEqual([]);

    const outside = verdictsOf(summarizeRun(runRecords({ cpu: [150, 152], rps: 6_900, p99At64Us: 20_100, p99At1Us: 4_100, stream: 1_210, ttftUs: 3_600 }), 'switchboard'), 'master');
    expect(outside.filter((verdict) => verdict.met)).toEqual([]);
    expect(outside.map((verdict) => verdict.target)).toEqual([
      'CPU ≤ 1.5×',
      'throughput ≥ 0.7×',
      'p99 at 64 connections within 2×',
      "p99 at one connection within the floor's + 1 ms",
      'stream CPU within 2× @16',
      'stream CPU within 2× @64',
      'added time to first token ≤ 0.5 ms',
    ]);
  });

  it('holds the virtual key to its own ratios and not to the master key tail targets', () => {
    const run = summarizeRun(runRecords({ ...passing, cpu: [190, 198], rps: 5_100, p99At64Us: 90_000, p99At1Us: 12_000 }), 'switchboard');
    const verdicts = verdictsOf(run, 'virtual');
    expect(verdicts.map((verdict) => [verdict.target, verdict.met])).toEqual([
      ['CPU ≤ 2×', true],
      ['throughput ≥ 0.5×', true],
      ['stream CPU within 2× @16', true],
      ['stream CPU within 2× @64', true],
      ['added time to first token ≤ 0.5 ms', true],
    ]);
    expect(verdictsOf(run, 'master').find((verdict) => verdict.target === 'CPU ≤ 1.5×')?.met).toBe(false);
  });

  it('never counts a missing cell as met', () => {
    const records = runRecords(passing).filter((record) => (record as { mode: string }).mode !== 'probe');
    const ttft = verdictsOf(summarizeRun(records, 'switchboard'), 'master').find((verdict) => verdict.target.startsWith('added time'));
    expect(ttft?.met).toBe(false);
    expect(() => verdictsOf(summarizeRun(records, 'switchboard'), 'admin')).toThrow(/unknown key/);
  });
});
