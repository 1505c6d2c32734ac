#!/usr/bin/env node
// The neutral harness's undici floor plus only the work a gateway that answers like LiteLLM cannot skip on a
// master key's non-streaming chat call, written as flat as Node allows: no pipeline, no router, no stages.
// It is a yardstick, not a product: same-core A/Bs against the floor (what the work itself costs in Node) and
// against the gateway (what our structure costs on top) split #19's distance from its CPU target in two.
//
// The work, and why it cannot go:
//   - the body read whole and parsed (the model routes the call; the fields are checked; usage is estimated
//     from it when the upstream reports none), and the master key compared in constant time;
//   - the upstream body written again with JSON.stringify (the client's bytes are never forwarded: a repeated
//     key would be routed and billed as one model and served as another, see the README);
//   - the answer read whole and parsed (usage for the cost and the metrics, a malformed answer refused);
//   - the answer's headers: LiteLLM's x-litellm-* and ours, as the gateway sends them for a master key;
//   - a request id (UUIDv7-shaped), the cost, a latency histogram and token counters.
// A streamed call (`"stream": true`) is piped through as it arrives, only so the harness's smoke test and stream
// cells run: it is not the work a gateway does on a stream (every event parsed), so read only its JSON cells.
//
//   UPSTREAM=http://127.0.0.1:18000 PORT=4104 DEPS_DIR=/tmp/llm-bench-work/deps node bench/essential-proxy.mjs
import http from 'node:http';
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.DEPS_DIR || process.cwd(), 'noop.js'));
const { Pool } = require('undici');
const UPSTREAM = process.env.UPSTREAM || 'http://127.0.0.1:18000';
const PORT = Number(process.env.PORT || 4104);
const MASTER_DIGEST = createHash('sha256').update(process.env.MASTER_KEY || 'sk-bench-master-0123456789').digest();
const pool = new Pool(UPSTREAM, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
const UPSTREAM_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-fake' };

// Metrics as a scrape would read them: counters per model and a latency histogram.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const metrics = { requests: 0, failures: 0, promptTokens: 0, completionTokens: 0, spend: 0, latency: new Float64Array(BUCKETS.length + 1) };

const random = Buffer.alloc(10);
function requestId() {
  randomFillSync(random);
  const hex = Date.now().toString(16).padStart(12, '0') + random.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function fail(res, status, message) {
  metrics.failures++;
  const text = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: String(status) } });
  res.writeHead(status, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}

function authorized(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(createHash('sha256').update(header.slice(7)).digest(), MASTER_DIGEST);
}

/** The upstream leg both paths share: one pooled POST, its failure a 502 (or a cut stream once the head went out). */
function sendUpstream(res, upstreamBody, handler) {
  pool.dispatch(
    { origin: UPSTREAM, path: '/v1/chat/completions', method: 'POST', headers: UPSTREAM_HEADERS, body: upstreamBody },
    {
      onConnect() {},
      onError(error) {
        if (!res.headersSent) fail(res, 502, error.message);
        else res.destroy(error);
      },
      ...handler,
    },
  );
}

function pipeStream(res, upstreamBody) {
  sendUpstream(res, upstreamBody, {
    onHeaders(statusCode) {
      res.writeHead(statusCode, ['content-type', 'text/event-stream', 'cache-control', 'no-cache']);
      return true;
    },
    onData(chunk) {
      res.write(chunk);
      return true;
    },
    onComplete() {
      res.end();
    },
  });
}

http
  .createServer((req, res) => {
    const started = performance.now();
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (!authorized(req.headers.authorization)) return fail(res, 401, 'Authentication Error');
      let body;
      try {
        body = JSON.parse(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      } catch {
        return fail(res, 400, 'Request body is not valid JSON');
      }
      if (typeof body !== 'object' || body === null || typeof body.model !== 'string' || !Array.isArray(body.messages)) return fail(res, 400, 'model and messages are required');
      const id = requestId();
      const upstreamBody = JSON.stringify({ ...body, model: 'gpt-4o-mini' });
      if (body.stream === true) return pipeStream(res, upstreamBody);
      const parts = [];
      let status = 0;
      const sent = performance.now();
      sendUpstream(res, upstreamBody, {
        onHeaders(statusCode) {
          status = statusCode;
          return true;
        },
        onData(chunk) {
          parts.push(chunk);
          return true;
        },
        onComplete() {
          const text = parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
          let answer;
          try {
            answer = JSON.parse(text);
          } catch {
            return fail(res, 502, 'The upstream answered with a body that is not JSON');
          }
          if (status >= 400 || typeof answer !== 'object' || answer === null) return fail(res, 502, 'upstream error');
          const usage = answer.usage ?? {};
          const cost = (usage.prompt_tokens ?? 0) * 0.00000015 + (usage.completion_tokens ?? 0) * 0.0000006;
          const now = performance.now();
          const seconds = (now - started) / 1000;
          metrics.requests++;
          metrics.promptTokens += usage.prompt_tokens ?? 0;
          metrics.completionTokens += usage.completion_tokens ?? 0;
          metrics.spend += cost;
          let bucket = 0;
          while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) bucket++;
          metrics.latency[bucket]++;
          const overhead = (sent - started).toFixed(3);
          const costText = cost.toFixed(9);
          res.writeHead(200, [
            'x-request-id', id,
            'x-switchboard-deployment', '5bd561060424e037',
            'x-switchboard-attempts', '1',
            'x-litellm-model-id', '5bd561060424e037',
            'x-litellm-attempted-retries', '0',
            'x-litellm-attempted-fallbacks', '0',
            'x-litellm-max-retries', '0',
            'x-litellm-timeout', '600',
            'x-litellm-model-api-base', UPSTREAM,
            'x-switchboard-model-group', body.model,
            'x-litellm-model-group', body.model,
            'x-litellm-call-id', id,
            'x-switchboard-overhead-ms', overhead,
            'x-litellm-overhead-duration-ms', overhead,
            'x-litellm-response-duration-ms', (now - started).toFixed(3),
            'x-switchboard-response-cost', costText,
            'x-litellm-response-cost', costText,
            'content-type', 'application/json',
            'content-length', String(Buffer.byteLength(text)),
          ]);
          res.end(text);
        },
      });
    });
  })
  .listen(PORT, '127.0.0.1', function () {
    this.keepAliveTimeout = 65_000;
    console.log(`essential-proxy :${PORT} -> ${UPSTREAM}`);
  });
