// The Node floor: the least a reverse proxy in Node can do (node:http in, undici pool out, bodies piped).
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
createServer(async (req, res) => {
  try {
    const { statusCode, headers, body } = await pool.request({ method: req.method, path: req.url, headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' }, body: req });
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['keep-alive'];
    res.writeHead(statusCode, headers);
    await pipeline(body, res);
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
}).listen(port, '127.0.0.1');
