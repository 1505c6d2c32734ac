// Express with http-proxy-middleware: the common "just proxy it" Node setup.
import express from 'express';
import { Agent } from 'node:http';
import { createProxyMiddleware } from 'http-proxy-middleware';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const app = express();
app.use('/v1', createProxyMiddleware({ target: `${upstream}/v1`, agent: new Agent({ keepAlive: true, maxSockets: 128 }) }));
app.listen(port, '127.0.0.1');
