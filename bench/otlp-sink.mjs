// An OTLP/HTTP receiver for the tracing cell: takes every export and answers an empty success, so the numbers
// measure the gateway's tracing, not a collector.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 18010);
createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end());
}).listen(port, '127.0.0.1', () => console.log(`otlp sink on ${port}`));
