// A real k6 to check against, when there is one (tools/real-k6.ts: K6_BIN, else `k6` on the PATH).
import { chooseRealK6 } from '../../tools/real-k6.ts';
import type { Runner } from './replay.ts';

/** The real k6 runner, or why there is none; throws when K6_BIN names something that is not k6. */
export function realK6(): { runner: Runner; version: string } | { missing: string } {
  const k6 = chooseRealK6();
  if (k6.kind === 'none') return { missing: k6.skip };
  return { runner: { name: 'k6', command: k6.command, args: [] }, version: k6.version };
}
