// `k6/metrics` stand-in: every add is counted as one sample, as k6 would emit one.
import { state } from './state.ts';

class Metric {
  constructor(readonly name: string) {}
  add(_value: number, _tags?: Record<string, string>): void {
    state.samples++;
  }
}
export class Counter extends Metric {}
export class Trend extends Metric {}
export class Gauge extends Metric {}
export class Rate extends Metric {}
