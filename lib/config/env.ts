// The one module that reads __ENV, and the init-context file reads (open() works only there, k6.md §5).
// @types/k6 types __ENV values as always-present strings; re-declare it honestly.
import { type Config, parseConfig } from './parse.ts';

declare const __ENV: Record<string, string | undefined>;

/** Validated configuration; throws InvalidConfigError at init, before any request. */
export function readConfig(): Config {
  return parseConfig(__ENV);
}

export type BaselineFile = { path: string; content: string } | { path: string; error: string } | null;

/**
 * The BASELINE file as text, or why it could not be read. Never throws: a missing baseline must not stop
 * the run, the summary warns instead.
 */
export function readBaseline(config: Config): BaselineFile {
  if (config.baselinePath === null) return null;
  try {
    return { path: config.baselinePath, content: open(config.baselinePath) };
  } catch (error) {
    return { path: config.baselinePath, error: error instanceof Error ? error.message : String(error) };
  }
}

export class UnreadableTargetsError extends Error {
  override name = 'UnreadableTargetsError' as const;
  constructor(path: string, reason: string) {
    super(`invalid TARGETS: expected a readable JSON file of latency targets, got \`${path}\` (${reason})`);
  }
}

/** The TARGETS file parsed as JSON, or `null` when none is configured. A bad file stops the run at init. */
export function readTargetsJson(config: Config): unknown {
  if (config.targetsPath === null) return null;
  let text: string;
  try {
    text = open(config.targetsPath);
  } catch (error) {
    throw new UnreadableTargetsError(
      config.targetsPath,
      error instanceof Error ? error.message : String(error),
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UnreadableTargetsError(
      config.targetsPath,
      error instanceof Error ? error.message : String(error),
    );
  }
}
