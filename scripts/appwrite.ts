// k6 entry point: `k6 run dist/appwrite.js`. Everything lives in lib/; this file only wires it up.
export {
  auth,
  default,
  handleSummary,
  limits,
  options,
  reads,
  setup,
  teardown,
  writes,
} from '../lib/benchmark.ts';
