// State shared by the fake k6 modules and the harness: which VU and iteration is running, and what the
// fake server answers. The fakes stand in for k6's Go modules, which live outside the JS heap, so one
// shared copy (not one per VU) is the faithful picture of k6.
export interface CannedResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type Responder = (method: string, url: string, body: string | null) => CannedResponse;

export const state = {
  vu: 1,
  iteration: 0,
  scenario: 'bench',
  executor: 'constant-vus',
  requests: 0,
  checks: 0,
  failedChecks: 0,
  samples: 0,
  /** When set, every check name and request `name` tag is added (tests compare variants with it). */
  seen: null as Set<string> | null,
  responder: ((): CannedResponse => {
    throw new Error('bench-cost: no responder set');
  }) as Responder,
};
