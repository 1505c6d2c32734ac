// A fake OpenAI upstream for the benchmark: fixed JSON and SSE (with a usage chunk) bodies, prepared once,
// so the numbers measure the proxies, not the upstream.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 18000);
const chunkCount = 10;
const created = 1_700_000_000;

const json = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'This is a benchmark reply of a typical short length.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 },
  }),
);
const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sse = Buffer.from(
  [
    chunk({ role: 'assistant', content: '' }),
    ...Array.from({ length: chunkCount }, (_, i) => chunk({ content: `word${i} ` })),
    chunk({}, 'stop'),
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 12, completion_tokens: chunkCount, total_tokens: 12 + chunkCount } })}\n\n`,
    'data: [DONE]\n\n',
  ].join(''),
);

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const body = Buffer.concat(parts).toString();
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // First event alone, so time to first token is measurable; the rest right after.
      const first = sse.indexOf('\n\n') + 2;
      res.write(sse.subarray(0, first));
      setImmediate(() => res.end(sse.subarray(first)));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': json.length });
      res.end(json);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`fake upstream on ${port}`));
