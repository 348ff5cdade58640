// The corpus's loopback target server (../shared/fixtures/k6-conformance/README.md "The loopback
// target server"): fixed JSON answers the corpus scripts rely on.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  const delay = /^\/delay\/(\d+)$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/ok') answer(res, 200, { ok: true });
  else if (req.method === 'GET' && status) answer(res, Number(status[1]), { status: Number(status[1]) });
  else if (req.method === 'GET' && url.pathname === '/set-cookie') {
    const name = url.searchParams.get('name') ?? '';
    const value = url.searchParams.get('value') ?? '';
    answer(res, 200, { set: name }, { 'Set-Cookie': `${name}=${value}; Path=/` });
  } else if (req.method === 'GET' && url.pathname === '/echo-cookie')
    answer(res, 200, { cookie: req.headers.cookie ?? null });
  else if (req.method === 'GET' && delay) {
    const ms = Number(delay[1]);
    setTimeout(() => answer(res, 200, { delay: ms }), ms);
  } else if (url.pathname === '/echo')
    answer(res, 200, { method: req.method, path: '/echo', query: url.search, body });
  else answer(res, 404, { error: 'not found' });
}

export interface TargetServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTargetServer(): Promise<TargetServer> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
