// Checks shared by the workloads: every request is checked on its status and key body fields; check
// names are the route name plus the claim, so there is one check per route and claim (low cardinality).
import { check } from 'k6';
import type { RefinedResponse, ResponseType } from 'k6/http';
import { jsonBody } from '../api/client.ts';

type Response = RefinedResponse<ResponseType | undefined>;

/** Checks the status and, when it matches, each body claim; returns the body when all passed. */
export function checkResponse(
  route: string,
  response: Response,
  status: number,
  claims: Record<string, (body: Record<string, unknown>) => boolean> = {},
): Record<string, unknown> | null {
  const body = jsonBody(response);
  const named: Record<string, (r: Response) => boolean> = {
    [`${route} is ${status}`]: (r) => r.status === status,
  };
  // Body claims are checked only on the expected status: a 429 or 500 fails once, on its status.
  if (response.status === status) {
    for (const [claim, test] of Object.entries(claims)) {
      named[`${route} ${claim}`] = () => body !== null && test(body);
    }
  }
  return check(response, named) ? body : null;
}
