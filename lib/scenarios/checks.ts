// Checks shared by the workloads: every request is checked on its status and key body fields; check
// names are the route name plus the claim, so there is one check per route and claim (low cardinality).
import { check } from 'k6';
import type { RefinedResponse, ResponseType } from 'k6/http';
import { jsonBody } from '../api/client.ts';

type Response = RefinedResponse<ResponseType | undefined>;
type Body = Record<string, unknown>;

const PASS = (): boolean => true;
const FAIL = (): boolean => false;

/**
 * One route's checks with their names built once (a VU keeps one per route): the status, and on the
 * expected status each body claim. The body is parsed once, and only when the status matched: on any
 * other status the check fails and no body is returned.
 */
export class ResponseCheck {
  private readonly statusName: string;
  private readonly statusTest: (r: Response) => boolean;
  private readonly claimNames: readonly string[];

  constructor(
    route: string,
    readonly status: number,
    claims: readonly string[] = [],
  ) {
    this.statusName = `${route} is ${status}`;
    this.statusTest = (r) => r.status === status;
    this.claimNames = claims.map((claim) => `${route} ${claim}`);
  }

  /** `tests[i]` is claim i; returns the body when every check passed. */
  run(response: Response, tests: ReadonlyArray<(body: Body) => boolean> = []): Body | null {
    const sets: Record<string, (r: Response) => boolean> = { [this.statusName]: this.statusTest };
    // Body claims are checked only on the expected status: a 429 or 500 fails once, on its status.
    if (response.status !== this.status) {
      check(response, sets);
      return null;
    }
    const body = jsonBody(response);
    for (let i = 0; i < tests.length; i++) {
      const test = tests[i];
      const name = this.claimNames[i];
      // Decided here rather than inside check(): the same verdict, without a closure per claim per request.
      if (test && name) sets[name] = body !== null && test(body) ? PASS : FAIL;
    }
    return check(response, sets) ? body : null;
  }
}

/** Checks the status and, when it matches, each body claim; returns the body when all passed. */
export function checkResponse(
  route: string,
  response: Response,
  status: number,
  claims: Record<string, (body: Body) => boolean> = {},
): Body | null {
  return new ResponseCheck(route, status, Object.keys(claims)).run(response, Object.values(claims));
}
