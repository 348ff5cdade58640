// A first, minimal workload: one public, unauthenticated request that every Appwrite 0.7+ answers.
// It proves the bundle, k6's modules and the endpoint configuration; the full benchmark replaces it.
import { check } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { readEndpoint } from './config/endpoint.ts';

const endpoint = readEndpoint();

export const options: Options = {
  vus: 1,
  iterations: 1,
  thresholds: { checks: ['rate==1'], http_reqs: ['count>0'] },
};

export default function probeHealthVersion(): void {
  const response = http.get(`${endpoint}/health/version`, { tags: { name: 'GET /health/version' } });
  check(response, {
    'GET /health/version is 200': (r) => r.status === 200,
    'GET /health/version names a version': (r) =>
      typeof (r.json() as { version?: unknown } | null)?.version === 'string',
  });
}
