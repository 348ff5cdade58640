// Reads and parses a request body within a byte limit. JSON and form-encoded bodies are accepted, as
// Appwrite does (reference appwrite.md §2). An unparsable JSON body becomes no params at all, like PHP's
// `json_decode` returning null in utopia's `Request::getParams()`, so the route then reports the first
// missing required param.
import type { IncomingMessage } from 'node:http';
import { AppwriteError } from './errors.ts';

export class BodyTooLargeError extends AppwriteError {
  constructor(limit: number, given: number | undefined) {
    super(
      'general_payload_too_large',
      `Request body too large: expected at most ${limit} bytes, got ${given === undefined ? 'more' : given}.`,
    );
  }
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(new BodyTooLargeError(limit, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLargeError(limit, undefined));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Form bodies with PHP array syntax: `a[]=x` → array, `a[k]=v` → object (one level). */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)\[([^[\]]*)\]$/.exec(name);
    if (match === null) {
      out[name] = value;
      continue;
    }
    const base = match[1] as string;
    const sub = match[2] as string;
    const current = out[base];
    if (sub === '' || /^\d+$/.test(sub)) {
      const list = Array.isArray(current) ? current : [];
      list.push(value);
      out[base] = list;
    } else {
      const obj = typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {};
      (obj as Record<string, unknown>)[sub] = value;
      out[base] = obj;
    }
  }
  return out;
}

export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) return parseForm(text);
  if (contentType?.includes('multipart/form-data')) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
