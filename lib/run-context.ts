// The facts handleSummary needs besides k6's summary data. Pure: init code cannot make requests in k6, so
// the server version and run id come from setup data (data.setup_data), the rest from the configuration.

import type { BaselineFile } from './config/env.ts';
import type { Config } from './config/parse.ts';
import { type RunContext, UNKNOWN_RUN_ID } from './contract/run-plan.ts';
import type { ProfilePlan } from './profiles/index.ts';
import { readSetupData, type SetupData } from './provision/setup-data.ts';

function setupDataOf(summaryData: unknown): Pick<SetupData, 'runId' | 'serverVersion'> | null {
  if (summaryData === null || typeof summaryData !== 'object') return null;
  try {
    return readSetupData((summaryData as { setup_data?: unknown }).setup_data);
  } catch {
    return null;
  }
}

export const UNKNOWN = 'unknown';

/** Never throws: handleSummary must always produce its outputs. */
export function runContext(
  config: Config,
  plan: ProfilePlan,
  baseline: BaselineFile,
  summaryData: unknown,
): RunContext {
  const setup = setupDataOf(summaryData);
  const serverVersion = setup?.serverVersion ?? config.serverVersion ?? UNKNOWN;
  return {
    runId: setup?.runId ?? config.runId ?? UNKNOWN_RUN_ID,
    label: config.label ?? serverVersion,
    profile: config.profile,
    serverVersion,
    endpointHost: config.endpointHost,
    phases: plan.phases,
    workloads: config.workloads,
    abuse: config.abuse,
    clientIps: config.clientIps,
    resultsDir: config.resultsDir,
    baseline,
    thresholdPlan: plan.thresholdPlan,
    setupCompleted: setup !== null,
    expectedIterations: plan.expectedIterations,
  };
}

/**
 * k6's summary data with the pool users' session values removed from `setup_data` (only their count
 * stays), so nothing downstream of handleSummary can write them to a file. Never throws.
 */
export function withoutSessions(summaryData: unknown): unknown {
  if (summaryData === null || typeof summaryData !== 'object') return summaryData;
  const setup = (summaryData as { setup_data?: unknown }).setup_data;
  if (
    setup === null ||
    typeof setup !== 'object' ||
    !Array.isArray((setup as { sessions?: unknown }).sessions)
  ) {
    return summaryData;
  }
  const sessions = (setup as { sessions: unknown[] }).sessions;
  return { ...summaryData, setup_data: { ...setup, sessions: [], sessionCount: sessions.length } };
}
