// Appwrite error bodies and the error thrown when provisioning gets an unexpected answer. Pure.
// 1.x body: {message, code, type, version} (appwrite.md §11).

export interface AppwriteErrorBody {
  message: string;
  code: number;
  type: string | null;
}

export function parseErrorBody(body: string | null | undefined): AppwriteErrorBody | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown> | null;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.message !== 'string') return null;
    return {
      message: parsed.message,
      code: typeof parsed.code === 'number' ? parsed.code : 0,
      type: typeof parsed.type === 'string' ? parsed.type : null,
    };
  } catch {
    return null;
  }
}

/** A provisioning or cleanup request answered with an unexpected status. Carries no header or body secret. */
export class AppwriteRequestError extends Error {
  override name = 'AppwriteRequestError' as const;
  readonly status: number;
  readonly type: string | null;
  constructor(
    route: string,
    expected: readonly number[],
    status: number,
    body: string | null | undefined,
    /** k6's `error_code` and `error` of the response: they tell a timeout (1050) from a refused connection (1212). */
    transport?: { errorCode: number; error: string },
  ) {
    const error = parseErrorBody(body);
    const detail = error ? `: ${error.type ?? 'error'}: ${error.message.slice(0, 200)}` : '';
    const cause =
      transport && transport.errorCode !== 0
        ? `k6 error_code ${transport.errorCode}: ${transport.error.slice(0, 200)}`
        : 'no detail';
    const got = status === 0 ? `no response (${cause})` : `${status}`;
    super(`${route}: expected status ${expected.join(' or ')}, got ${got}${detail}`);
    this.status = status;
    this.type = error?.type ?? null;
  }
}
