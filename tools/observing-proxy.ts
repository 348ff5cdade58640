// A loopback HTTP proxy that forwards everything to one upstream unchanged and tells its caller when each
// request arrived and when its answer ended: how the pacing test and bench:setup see what reached the server
// and when, without a hook inside the emulator.
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Observed {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** performance.now() when the request arrived. */
  arrivedMs: number;
}

export interface ObservingProxy {
  /** The proxy's `/v1` endpoint. */
  url: string;
  close(): Promise<void>;
}

/** `onAnswered` runs once the answer has been passed on in full, with its status. */
export async function startObservingProxy(
  target: string,
  onAnswered: (request: Observed, status: number) => void,
  onArrived: (request: Observed) => void = () => {},
): Promise<ObservingProxy> {
  const upstream = new URL(target);
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const seen: Observed = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '',
      arrivedMs: performance.now(),
    };
    onArrived(seen);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => onAnswered(seen, answer.statusCode ?? 0));
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
