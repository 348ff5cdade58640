// The environment of every k6 process the project starts.
// k6 sends an anonymous usage report to Grafana at the end of each `k6 run` unless K6_NO_USAGE_REPORT
// is set (https://grafana.com/docs/k6/latest/set-up/usage-collection/): the project never phones home on
// the user's behalf, but a value the user set themselves (even `false`) is kept.

/** `env` with `K6_NO_USAGE_REPORT=true` added unless the user set it. */
export function k6Environment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.K6_NO_USAGE_REPORT !== undefined && env.K6_NO_USAGE_REPORT !== '') return { ...env };
  return { ...env, K6_NO_USAGE_REPORT: 'true' };
}
