// k6 entry point: `k6 run dist/appwrite.js`. Everything lives in lib/; this file only wires it up.
export { default, options } from '../lib/health-probe.ts';
