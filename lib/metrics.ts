// The custom metrics. Names are shared with the reporting side through lib/contract/run-plan.ts.
import { Counter, Gauge, Trend } from 'k6/metrics';
import {
  METRIC_BUDGET_SKIPPED,
  METRIC_BUDGET_WAIT,
  METRIC_PHASE_CLOCK,
  METRIC_RATE_LIMIT_REMAINING,
  METRIC_RATE_LIMITED,
} from './contract/run-plan.ts';

/** Every 429, tagged with the route's `name`. */
export const rateLimited = new Counter(METRIC_RATE_LIMITED);
/** Every `X-RateLimit-Remaining` seen, tagged with the route's `name`. */
export const rateLimitRemaining = new Trend(METRIC_RATE_LIMIT_REMAINING);
/** Requests not sent because the route's budget was spent and its window far from resetting. */
export const budgetSkipped = new Counter(METRIC_BUDGET_SKIPPED);
/** Seconds spent waiting for a window to reset instead of sending a request the server would refuse. */
export const budgetWait = new Trend(METRIC_BUDGET_WAIT);
/** Unix seconds at the start and at the end of every measured iteration (see lib/phase-clock.ts). */
export const phaseClock = new Gauge(METRIC_PHASE_CLOCK);
