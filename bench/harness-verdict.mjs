#!/usr/bin/env node
// Reads runs of the neutral harness (../shared/bench/compare.sh with TARGETS=undici,<gateway>; bench/harness.sh
// makes them) and holds each to issue #19's targets, the way the README's Benchmarks tables report them:
//
//   node bench/harness-verdict.mjs master|virtual RESULTS_DIR...   (each dir holds a results.jsonl)
//
// Prints one README row per run, then each target with its readings and how many runs met it. A cell is the
// median over the run's reps; a ratio is the gateway's median over the floor's (the undici proxy), from the same run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FLOOR = 'undici';

/** Issue #19's targets per key; `stream` and `ttft` hold for both keys, the tail targets for the master key. */
export const TARGETS = {
  master: { cpu: 1.5, rps: 0.7, p99At64: 2, p99At1AddedMs: 1, stream: 2, ttftAddedMs: 0.5 },
  virtual: { cpu: 2, rps: 0.5, stream: 2, ttftAddedMs: 0.5 },
};

function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The harness's CPU per request: the proxy process's user+system ticks over the cell, per request wrk counted. */
const cpuPerRequestUs = (record) => ((record.sut_cpu_ticks / record.clk_tck) * 1e6) / record.w.requests;

/** One run's cells (medians over reps) and its ratios to the floor. `gateway` is the harness's GATEWAY_NAME. */
export function summarizeRun(records, gateway) {
  const cell = (target, mode, conns, read) => median(records.filter((r) => r.target === target && r.mode === mode && r.conns === conns).map(read));
  const both = (mode, conns, read) => ({ gateway: cell(gateway, mode, conns, read), floor: cell(FLOOR, mode, conns, read) });
  const cpu = both('chat', 64, cpuPerRequestUs);
  const rps = both('chat', 64, (r) => r.w.rps);
  const p99At64 = both('chat', 64, (r) => r.w.lat_p99_us / 1000);
  const p99At1 = both('chat', 1, (r) => r.w.lat_p99_us / 1000);
  const stream16 = both('stream', 16, cpuPerRequestUs);
  const stream64 = both('stream', 64, cpuPerRequestUs);
  const ttft = both('probe', 16, (r) => r.p.ttft_p50_us / 1000);
  return {
    cpu,
    cpuRatio: cpu.gateway / cpu.floor,
    rpsRatio: rps.gateway / rps.floor,
    p99At64,
    p99At64Ratio: p99At64.gateway / p99At64.floor,
    p99At1,
    p99At1AddedMs: p99At1.gateway - p99At1.floor,
    streamRatios: [stream16.gateway / stream16.floor, stream64.gateway / stream64.floor],
    ttftAddedMs: ttft.gateway - ttft.floor,
  };
}

/** Each target of `key` with this run's reading and whether it was met. NaN (a missing cell) is never met. */
export function verdictsOf(run, key) {
  const target = TARGETS[key];
  if (!target) throw new Error(`unknown key "${key}": master or virtual`);
  const verdicts = [
    { target: `CPU ≤ ${target.cpu}×`, reading: run.cpuRatio, met: run.cpuRatio <= target.cpu },
    { target: `throughput ≥ ${target.rps}×`, reading: run.rpsRatio, met: run.rpsRatio >= target.rps },
  ];
  if (target.p99At64 !== undefined) {
    verdicts.push({ target: `p99 at 64 connections within ${target.p99At64}×`, reading: run.p99At64Ratio, met: run.p99At64Ratio <= target.p99At64 });
  }
  if (target.p99At1AddedMs !== undefined) {
    verdicts.push({ target: `p99 at one connection within the floor's + ${target.p99At1AddedMs} ms`, reading: run.p99At1AddedMs, met: run.p99At1AddedMs <= target.p99At1AddedMs });
  }
  for (const [index, conns] of [16, 64].entries()) {
    const ratio = run.streamRatios[index];
    verdicts.push({ target: `stream CPU within ${target.stream}× @${conns}`, reading: ratio, met: ratio <= target.stream });
  }
  verdicts.push({ target: `added time to first token ≤ ${target.ttftAddedMs} ms`, reading: run.ttftAddedMs, met: run.ttftAddedMs <= target.ttftAddedMs });
  return verdicts;
}

const fixed = (value, digits = 2) => value.toFixed(digits);
const signed = (value) => `${value < 0 ? '−' : '+'}${fixed(Math.abs(value))}`;

/** The README's row: CPU (floor), ratio, rps ratio, p99 @64, p99 @1, stream ratios, added TTFT. */
export function readmeRow(run) {
  return [
    `${Math.round(run.cpu.gateway)} (${Math.round(run.cpu.floor)})`,
    fixed(run.cpuRatio),
    fixed(run.rpsRatio),
    `${fixed(run.p99At64.gateway)} (${fixed(run.p99At64.floor)}): ${fixed(run.p99At64Ratio)}×`,
    `${fixed(run.p99At1.gateway)} (${fixed(run.p99At1.floor)})`,
    run.streamRatios.map((ratio) => fixed(ratio)).join(' / '),
    signed(run.ttftAddedMs),
  ].join(' | ');
}

function readRecords(dir) {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) {
    console.error(`no results.jsonl in ${dir} (a folder bench/harness.sh printed)`);
    process.exit(1);
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
    .filter((record) => !record.meta);
}

function main(argv) {
  const [key, ...dirs] = argv;
  if (!TARGETS[key] || dirs.length === 0) {
    console.error('usage: node bench/harness-verdict.mjs master|virtual RESULTS_DIR...');
    process.exit(2);
  }
  const gateway = process.env.GATEWAY_NAME ?? 'switchboard';
  const runs = dirs.map((dir) => summarizeRun(readRecords(dir), gateway));
  console.log('| run | CPU µs/req @64 | ratio | rps @64 ratio | p99 @64 ms | p99 @1 ms | stream CPU ratio @16 / @64 | added TTFT ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  runs.forEach((run, index) => console.log(`| ${index + 1} | ${readmeRow(run)} |`));
  console.log('');
  const perRun = runs.map((run) => verdictsOf(run, key));
  for (const [index, { target }] of perRun[0].entries()) {
    const readings = perRun.map((verdicts) => verdicts[index]);
    const met = readings.filter((verdict) => verdict.met).length;
    // Three decimals: a reading that rounds to the line (2.00 against ≤ 2×) shows which side of it it fell.
    console.log(`${target}: ${readings.map((verdict) => fixed(verdict.reading, 3)).join(', ')} (met in ${met} of ${readings.length})`);
  }
  const allMet = perRun.filter((verdicts) => verdicts.every((verdict) => verdict.met)).length;
  console.log(`runs meeting every target: ${allMet} of ${runs.length}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
