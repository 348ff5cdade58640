// The coordinator side of synchronous HTTP: performs a VU's request with node:http(s) and hands the
// response back over the VU's sync port. Timings follow k6's phases (docs javascript-api/k6-http/response
// "timings"), measured with Node's clock: they are Node's timings, not k6's.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { type HttpRequestMessage, type HttpResponseMessage, SLOT_RESPONSE } from './protocol.ts';

/** k6 error codes (grafana/k6 lib/netext/httpext/error_codes.go). */
const ERROR_CODES: Record<string, number> = {
  ECONNREFUSED: 1212,
  ECONNRESET: 1220,
  EPIPE: 1201,
  ENOTFOUND: 1101,
  EAI_AGAIN: 1100,
  ETIMEDOUT: 1211,
};

/** Network errors worded as Go's net package words them, which is what k6 reports in `error`. */
function goStyleMessage(error: Error & { code?: string }, url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  switch (error.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${url.hostname}:${port}: connect: connection refused`;
    case 'ECONNRESET':
      return `read tcp ${url.hostname}:${port}: read: connection reset by peer`;
    case 'ENOTFOUND':
      return `lookup ${url.hostname}: no such host`;
    default:
      return error.message;
  }
}

export class VuConnection {
  private readonly agent: http.Agent;
  private readonly tlsAgent: https.Agent;
  private readonly port: MessagePort;
  private readonly control: Int32Array;
  private readonly pending = new Set<http.ClientRequest>();

  constructor(port: MessagePort, control: SharedArrayBuffer) {
    this.port = port;
    this.control = new Int32Array(control);
    // One connection pool per VU, kept alive between iterations as k6 does by default. No cap on
    // connections: a VU has one request in flight, or http.batch's, which the VU bounds (k6-http.ts).
    this.agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
    this.tlsAgent = new https.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  }

  close(): void {
    for (const request of this.pending) request.destroy();
    this.agent.destroy();
    this.tlsAgent.destroy();
  }

  perform(message: HttpRequestMessage): void {
    const url = new URL(message.url);
    const isTls = url.protocol === 'https:';
    // Node reads maxFreeSockets (per host) each time a socket goes idle.
    this.agent.maxFreeSockets = message.maxIdlePerHost;
    this.tlsAgent.maxFreeSockets = message.maxIdlePerHost;
    const start = performance.now();
    let socketAt = start;
    let connectStart: number | undefined;
    let connectedAt: number | undefined;
    let tlsAt: number | undefined;
    let sentAt: number | undefined;
    let firstByteAt: number | undefined;
    let socket: Socket | undefined;
    let bytesWrittenBefore = 0;
    let bytesReadBefore = 0;
    let finished = false;
    const chunks: Buffer[] = [];

    const reply = (
      response: Omit<
        HttpResponseMessage,
        'id' | 'timings' | 'bytesSent' | 'bytesReceived' | 'remoteIp' | 'remotePort'
      >,
    ) => {
      if (finished) return;
      finished = true;
      const end = performance.now();
      const sent = sentAt ?? end;
      const first = firstByteAt ?? end;
      const timings = {
        blocked: Math.max(0, (connectStart ?? socketAt) - start),
        connecting: connectStart !== undefined && connectedAt !== undefined ? connectedAt - connectStart : 0,
        tls_handshaking: tlsAt !== undefined && connectedAt !== undefined ? tlsAt - connectedAt : 0,
        sending: Math.max(0, sent - Math.max(tlsAt ?? connectedAt ?? socketAt, socketAt)),
        waiting: Math.max(0, first - sent),
        receiving: Math.max(0, end - first),
      };
      const full: HttpResponseMessage = {
        id: message.id,
        ...response,
        timings,
        bytesSent: socket ? socket.bytesWritten - bytesWrittenBefore : 0,
        bytesReceived: socket ? socket.bytesRead - bytesReadBefore : 0,
        remoteIp: socket?.remoteAddress ?? '',
        remotePort: socket?.remotePort ?? 0,
      };
      this.port.postMessage(full);
      Atomics.store(this.control, SLOT_RESPONSE, 1);
      Atomics.notify(this.control, SLOT_RESPONSE);
    };

    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of message.headers) headers[name] = value;
    if (message.body) headers['Content-Length'] = String(message.body.length);
    const options: http.RequestOptions = {
      method: message.method,
      headers,
      agent: isTls ? this.tlsAgent : this.agent,
      timeout: message.timeoutMs,
    };
    const request = (isTls ? https : http).request(url, options, (response) => {
      firstByteAt = performance.now();
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        this.pending.delete(request);
        const status = response.statusCode ?? 0;
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
          pairs.push([response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string]);
        }
        reply({
          status,
          statusText: `${status} ${response.statusMessage ?? ''}`.trim(),
          proto: `HTTP/${response.httpVersion}`,
          headers: pairs,
          body: new Uint8Array(Buffer.concat(chunks)),
          error: '',
          // k6 gives 4xx/5xx responses error code 1000 + status, e.g. 1404 (docs javascript-api/error-codes).
          errorCode: status >= 400 ? 1000 + status : 0,
        });
      });
      response.on('error', (error) => fail(error));
    });
    const fail = (error: Error & { code?: string }) => {
      this.pending.delete(request);
      const timedOut = error.code === 'SANDBOX_TIMEOUT';
      reply({
        status: 0,
        statusText: '',
        proto: '',
        headers: [],
        body: new Uint8Array(),
        error: timedOut ? 'request timeout' : goStyleMessage(error, url),
        errorCode: timedOut ? 1050 : (ERROR_CODES[error.code ?? ''] ?? 1000),
      });
    };
    this.pending.add(request);
    request.on('socket', (s: Socket) => {
      socket = s;
      socketAt = performance.now();
      bytesWrittenBefore = s.bytesWritten;
      bytesReadBefore = s.bytesRead;
      if (s.connecting) {
        connectStart = socketAt;
        s.once('connect', () => {
          connectedAt = performance.now();
        });
        if (isTls)
          s.once('secureConnect', () => {
            tlsAt = performance.now();
          });
      }
    });
    request.on('finish', () => {
      sentAt = performance.now();
    });
    request.on('timeout', () => {
      const error = Object.assign(new Error('request timeout'), { code: 'SANDBOX_TIMEOUT' });
      fail(error);
      request.destroy(error);
    });
    request.on('error', fail);
    request.end(message.body ? Buffer.from(message.body) : undefined);
  }
}
