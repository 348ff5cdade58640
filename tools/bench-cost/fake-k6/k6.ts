// `k6` stand-in: check runs every predicate as k6 does and counts failures, so a broken variant shows.
import { state } from './state.ts';

type Checks = Record<string, (value: unknown) => boolean>;

export function check(value: unknown, sets: Checks): boolean {
  let all = true;
  for (const name in sets) {
    const fn = sets[name];
    state.checks++;
    state.samples++;
    state.seen?.add(`check ${name}`);
    if (!fn?.(value)) {
      all = false;
      state.failedChecks++;
    }
  }
  return all;
}

export function sleep(_seconds: number): void {}

export function group<T>(_name: string, fn: () => T): T {
  return fn();
}

export default { check, sleep, group };
