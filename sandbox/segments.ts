// Execution segments, as k6 splits work between instances (k6-operator runners).
// Port of grafana/k6 lib/execution_segment.go: `NewExecutionSegmentSequenceWrapper` (striping),
// `ExecutionTuple.ScaleInt64` and `SegmentedIndex` (local index -> global index, used for
// `exec.vu.idInTest` and `exec.scenario.iterationInTest`).
import { FlagError } from './errors.ts';

interface Fraction {
  num: number;
  den: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

function fraction(num: number, den: number): Fraction {
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

/** `1/4`, `0.25`, `25%` or `0`/`1`, as k6's `stringToRat`. */
export function parseFraction(text: string): Fraction {
  const t = text.trim();
  let match = /^(\d+)\/(\d+)$/.exec(t);
  if (match) return fraction(Number(match[1]), Number(match[2]));
  match = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const decimal = match ? String(Number(match[1]) / 100) : t;
  if (/^\d+(\.\d+)?$/.test(decimal)) {
    const [whole = '0', frac = ''] = decimal.split('.');
    const den = 10 ** frac.length;
    return fraction(Number(whole) * den + Number(frac || '0'), den);
  }
  throw new FlagError(
    `invalid execution segment value "${text}": expected a fraction such as 1/4, 0.25 or 25%`,
  );
}

function less(a: Fraction, b: Fraction): boolean {
  return a.num * b.den < b.num * a.den;
}

function equal(a: Fraction, b: Fraction): boolean {
  return a.num * b.den === b.num * a.den;
}

function sub(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** Stripe of one segment: the first global index, the steps to the next ones, and the cycle length. */
export interface Stripe {
  start: number;
  offsets: number[];
  lcd: number;
}

export class ExecutionTuple {
  private readonly stripe: Stripe;
  /** The whole (filled) sequence: each segment's length and stripe, and which one is ours. */
  private readonly lengths: Fraction[];
  private readonly stripes: Stripe[];
  private readonly index: number;
  constructor(lengths: Fraction[], index: number) {
    this.lengths = lengths;
    this.stripes = stripes(lengths);
    this.index = index;
    this.stripe = this.stripes[index] as Stripe;
  }

  /** How many of the `value` units (VUs, iterations) this segment gets (k6 `ScaleInt64`). */
  scale(value: number): number {
    return this.scaleOf(this.index, value);
  }

  /**
   * The tuple re-segmented by `value` (k6 `GetNewExecutionTupleFromValue`): each segment becomes
   * `scale(value) / value` long, empty ones dropped. k6's shared-iterations (by its VUs) and
   * arrival-rate executors (by maxVUs) stripe their iterations with it, so a segment gets as many
   * iterations as it gets VUs in proportion (corpus execution-segments 1/4:3/4 of 3 VUs: 2/3 of the
   * iterations). Undefined when this segment gets none of `value`.
   */
  rescaled(value: number): ExecutionTuple | undefined {
    if (value < 1) return undefined;
    const lcd = this.stripe.lcd;
    if (value % lcd === 0) return this;
    const lengths: Fraction[] = [];
    let index = -1;
    for (let i = 0; i < this.lengths.length; i++) {
      const share = this.scaleOf(i, value);
      if (share === 0) continue;
      if (i === this.index) index = lengths.length;
      lengths.push(fraction(share, value));
    }
    return index < 0 ? undefined : new ExecutionTuple(lengths, index);
  }

  private scaleOf(segment: number, value: number): number {
    // A sequence of one segment is the whole test.
    if (this.lengths.length === 1) return value;
    const { start, offsets, lcd } = this.stripes[segment] as Stripe;
    if (offsets.length === 0) return 0;
    let count = Math.floor(value / lcd) * offsets.length;
    const rest = value % lcd;
    for (let i = start, k = 0; i < rest; i += offsets[k % offsets.length] ?? lcd, k++) count++;
    return count;
  }

  /** Global 0-based index of this segment's `local`-th (0-based) unit (k6 `SegmentedIndex.GetUnscaled` - 1). */
  globalIndex(local: number): number {
    const { start, offsets, lcd } = this.stripe;
    const cycles = Math.floor(local / offsets.length);
    let index = start + cycles * lcd;
    for (let k = 0; k < local % offsets.length; k++) index += offsets[k] ?? 0;
    return index;
  }

  /** Whether global index `g` belongs to this segment. */
  owns(g: number): boolean {
    const { start, offsets, lcd } = this.stripe;
    const position = g % lcd;
    for (let i = start, k = 0; k < offsets.length; i += offsets[k] ?? lcd, k++)
      if (i === position) return true;
    return false;
  }
}

/** The tuple for `segment` within `sequence` (both as given on the command line; either may be absent). */
export function executionTuple(segment: string | undefined, sequence: string | undefined): ExecutionTuple {
  let from: Fraction = { num: 0, den: 1 };
  let to: Fraction = { num: 1, den: 1 };
  if (segment !== undefined && segment.trim() !== '') {
    const parts = segment.split(':');
    if (parts.length === 1) to = parseFraction(parts[0] ?? '');
    else if (parts.length === 2) {
      from = parseFraction(parts[0] ?? '');
      to = parseFraction(parts[1] ?? '');
    } else throw new FlagError(`invalid --execution-segment "${segment}": expected from:to such as 1/4:1/2`);
    if (!less(from, to) || less({ num: 1, den: 1 }, to)) {
      throw new FlagError(`invalid --execution-segment "${segment}": expected 0 <= from < to <= 1`);
    }
  }
  let points: Fraction[];
  if (sequence !== undefined && sequence.trim() !== '') {
    points = sequence.split(',').map(parseFraction);
    for (let i = 1; i < points.length; i++) {
      const previous = points[i - 1];
      const current = points[i];
      if (!previous || !current || !less(previous, current)) {
        throw new FlagError(`invalid --execution-segment-sequence "${sequence}": values must increase`);
      }
    }
  } else {
    // k6 derives a sequence from the lone segment: [0, from, to, 1] without empty parts.
    points = [{ num: 0, den: 1 }, from, to, { num: 1, den: 1 }].filter(
      (p, i, all) => i === 0 || !equal(p, all[i - 1] as Fraction),
    );
  }
  const first = points[0];
  const last = points[points.length - 1];
  // k6 fills an incomplete sequence up to 0 and 1 (`GetFilledExecutionSegmentSequence`).
  if (first && !equal(first, { num: 0, den: 1 })) points.unshift({ num: 0, den: 1 });
  if (last && !equal(last, { num: 1, den: 1 })) points.push({ num: 1, den: 1 });
  const index = points.findIndex(
    (p, i) => equal(p, from) && points[i + 1] !== undefined && equal(points[i + 1] as Fraction, to),
  );
  if (index < 0) {
    throw new FlagError(`execution segment ${segment ?? ''} is not part of the sequence ${sequence ?? ''}`);
  }
  const lengths = points.slice(1).map((p, i) => sub(p, points[i] as Fraction));
  return new ExecutionTuple(lengths, index);
}

/** k6's striping: element i of each lcd-sized chunk goes to the biggest segment that is behind its share. */
function stripes(lengths: Fraction[]): Stripe[] {
  const lcd = lengths.reduce((acc, l) => (acc * l.den) / gcd(acc, l.den), 1);
  const sorted = lengths
    .map((l, originalIndex) => ({ norm: l.num * (lcd / l.den), originalIndex }))
    .sort((a, b) => b.norm - a.norm); // Array.prototype.sort is stable, as Go's sort.SliceStable
  const taken: number[][] = lengths.map(() => []);
  for (let i = 0; i < lcd; i++) {
    for (const segment of sorted) {
      const own = taken[segment.originalIndex] as number[];
      if (own.length >= segment.norm) continue;
      if (own.length * lcd <= i * segment.norm) {
        own.push(i);
        break;
      }
    }
  }
  return taken.map((own) => {
    const start = own[0] ?? 0;
    const offsets = own.map((value, k) =>
      k + 1 < own.length ? (own[k + 1] as number) - value : lcd - value + start,
    );
    return { start, offsets, lcd };
  });
}
