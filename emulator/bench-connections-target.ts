// The server side of `npm run bench:connections`, in its own process so the clients do not share its
// event loop: a node:http server with the listen backlog and keep-alive timeout it is given, whose
// handler burns CPU_MS of synchronous work per request (the emulator's own cost per request is of that
// order), so that a few hundred keep-alive clients keep its event loop saturated.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [backlogArg, keepAliveArg, cpuArg] = process.argv.slice(2);
const backlog = Number(backlogArg);
const keepAliveTimeout = Number(keepAliveArg);
const cpuMs = Number(cpuArg);

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // synchronous work: nothing else runs in this process meanwhile
  }
}

/** For each request to /write (the burst's), when its connection was accepted (epoch ms, high resolution). */
const writes: number[] = [];
const acceptedAt = new WeakMap<object, number>();
const server = createServer({ keepAliveTimeout, headersTimeout: keepAliveTimeout + 1_000 }, (req, res) => {
  if (req.url === '/write') writes.push(performance.timeOrigin + (acceptedAt.get(req.socket) ?? Number.NaN));
  req.resume();
  req.on('end', () => {
    burn(cpuMs);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
    res.end('{"ok":true}');
  });
});
let connections = 0;
server.on('connection', (socket) => {
  connections++;
  acceptedAt.set(socket, performance.now());
});
server.listen(0, '127.0.0.1', backlog, () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message) => {
  if (message === 'connections') {
    process.send?.({ connections });
    return;
  }
  if (message === 'stats') {
    process.send?.({ acceptedAt: writes });
    return;
  }
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
