// The tail's reference for bench/uncached.ts: a bare node:http server that spends the same
// CPU time per request as the measured Kawaraban page (a busy wait) and sends the same bytes.
// If it shows the same p99 at 50 connections, the tail belongs to Node and loopback TCP
// under saturation, not to Kawaraban's code.
//   node bench/bare-server.mjs PORT FILE MICROSECONDS
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, file, micros] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const body = readFileSync(file);
const headers = { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) };

http
  .createServer((_req, res) => {
    const until = performance.now() + micros / 1000;
    while (performance.now() < until);
    res.writeHead(200, headers);
    res.end(body);
  })
  .listen(port, '127.0.0.1');
