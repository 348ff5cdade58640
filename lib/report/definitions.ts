// One line per figure, printed under every table and stored in the result record, so nobody has to
// guess what "normal" or "heavy load" meant (the Appwrite 0.7 post never said: appwrite.md §13.3).

export type RowId = 'successRate' | 'totalRequests' | 'requestsPerSecond' | 'latencyNormal' | 'latencyHeavy';

export const ROW_IDS: readonly RowId[] = [
  'successRate',
  'totalRequests',
  'requestsPerSecond',
  'latencyNormal',
  'latencyHeavy',
];

export const ROW_LABELS: Readonly<Record<RowId, string>> = {
  successRate: 'Success rate',
  totalRequests: 'Total requests',
  requestsPerSecond: 'Requests per second',
  latencyNormal: 'Response time normal',
  latencyHeavy: 'Response time heavy load',
};

export const ROW_DEFINITIONS: Readonly<Record<RowId, string>> = {
  successRate:
    'success rate = 1 − failed ÷ requests, from http_req_failed{phase:P} summed over the measured phases P (warm-up, setup and teardown excluded)',
  totalRequests: 'total requests = Σ count of http_reqs{phase:P} over the measured phases P',
  requestsPerSecond:
    "requests per second = total requests ÷ Σ observed seconds of the measured phases P, where a phase's observed seconds = max − min of appwrite_phase_clock{phase:P} (first iteration start to last iteration end); only if that gauge is missing for a phase, ÷ Σ scheduled seconds instead (the record's measured.rateBasis says which). Not k6's http_reqs rate, which divides by the whole run including setup and teardown",
  latencyNormal:
    'normal = median (med) of http_req_duration{phase:normal}, in ms (load level: the profile’s normal phase)',
  latencyHeavy:
    'heavy = median (med) of http_req_duration{phase:heavy}, in ms (p90/p95/p99 per phase and workload in the result record)',
};

export const CHANGE_DEFINITION =
  'change = (this run ÷ baseline − 1) × 100%; for success rate, the difference in percentage points';

export const SCORE_DEFINITION =
  'score S = (Π r_i)^(1/n), the geometric mean of r = RPS_this ÷ RPS_baseline, normal_baseline ÷ normal_this, heavy_baseline ÷ heavy_this (rows available on both sides); shown as ×S and (S − 1) × 100%; success rate (a validity condition) and total requests (same measurement as RPS) excluded; S > 1 is better; one run per side gets no verdict (its noise is unknown): repeated runs compared with npm run compare -- --baseline … --candidate … do';

export const VALIDITY_DEFINITION =
  'valid = no dropped iterations, no unexpected 429, every check passed, requests measured in every measured phase; a comparison involving an invalid run is not rated';
