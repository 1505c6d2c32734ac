// Time to first token through one target: sequential streaming requests, time until the first SSE event.
import { Client } from 'undici';

const [url, count, headersJson] = [process.argv[2], Number(process.argv[3] ?? 300), process.argv[4] ?? '{}'];
const target = new URL(url);
const client = new Client(target.origin, { keepAliveTimeout: 60_000 });
const headers = { 'content-type': 'application/json', ...JSON.parse(headersJson) };
const body = JSON.stringify({ model: 'bench-model', stream: true, messages: [{ role: 'user', content: 'Say something short.' }] });

async function once() {
  const start = process.hrtime.bigint();
  const { body: stream } = await client.request({ method: 'POST', path: target.pathname, headers, body });
  let first;
  for await (const piece of stream) {
    if (first === undefined && piece.toString().includes('data:')) first = process.hrtime.bigint();
  }
  return Number((first ?? process.hrtime.bigint()) - start) / 1e6;
}

for (let i = 0; i < 50; i++) await once();
const samples = [];
for (let i = 0; i < count; i++) samples.push(await once());
samples.sort((a, b) => a - b);
const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
console.log(JSON.stringify({ p50: at(0.5), p99: at(0.99) }));
await client.close();
