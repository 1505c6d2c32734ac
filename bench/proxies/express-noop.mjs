// Express's own cost: the same undici forwarding as the floor, behind an Express 5 app and router.
import express from 'express';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 60_000 });
const app = express();
app.post('/v1/chat/completions', async (req, res) => {
  try {
    const { statusCode, headers, body } = await pool.request({ method: 'POST', path: req.url, headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' }, body: req });
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['keep-alive'];
    res.writeHead(statusCode, headers);
    await pipeline(body, res);
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});
app.listen(port, '127.0.0.1');
