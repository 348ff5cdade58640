// Trends over a folder of records (nightly runs): per row the series in time order, and whether the
// newest run left the band of the previous ones. Pure. The band is the previous runs' range widened by
// the noise band: with a handful of nightly runs the range is the honest summary, and the widening keeps
// two identical previous runs from flagging the next one for any change at all.
import type { ResultRecord } from '../report/record.ts';
import { DEFAULT_NOISE_BAND, type Input, unusable } from './compare-sets.ts';
import { type SignalRow, signalRows } from './signal-rows.ts';

export const MIN_PREVIOUS = 3;

export type Flag = 'inside' | 'worse' | 'better' | 'too few runs' | 'no data';

export interface Trend {
  row: SignalRow;
  points: Array<{ source: string; at: string | null; value: number }>;
  band: { low: number; high: number } | null;
  newest: number | null;
  flag: Flag;
}

export interface History {
  profile: string | null;
  trends: Trend[];
  used: string[];
  skipped: Array<{ source: string; why: string }>;
  band: number;
}

const timeOf = (r: ResultRecord) => r.endedAt ?? r.startedAt ?? '';

export function buildHistory(inputs: readonly Input[], band = DEFAULT_NOISE_BAND): History {
  const skipped: History['skipped'] = [];
  const sorted = [...inputs].sort((a, b) => timeOf(a.record).localeCompare(timeOf(b.record)));
  const newest = sorted.at(-1)?.record;
  const usable = sorted.filter(({ source, record }) => {
    const why =
      unusable(record) ??
      (newest && record.profile !== newest.profile
        ? `profile ${record.profile}, not ${newest.profile}`
        : null);
    if (why) skipped.push({ source, why });
    return why === null;
  });
  const first = usable.at(-1)?.record;
  if (!first) return { profile: null, trends: [], used: [], skipped, band };
  const rows = signalRows(
    first.profile,
    first.phases.map((p) => p.phase),
    [],
  ).filter((r) => r.unit !== 'count');
  const trends = rows.map((row): Trend => {
    const points = usable.flatMap(({ source, record }) => {
      const value = row.value(record);
      return value === null ? [] : [{ source, at: record.endedAt, value }];
    });
    const last = points.at(-1);
    const previous = points.slice(0, -1).map((p) => p.value);
    if (!last) return { row, points, band: null, newest: null, flag: 'no data' };
    if (previous.length < MIN_PREVIOUS)
      return { row, points, band: null, newest: last.value, flag: 'too few runs' };
    const low = Math.min(...previous) / (1 + band);
    const high = Math.max(...previous) * (1 + band);
    const above = last.value > high;
    const below = last.value < low;
    const higherIsBetter = row.direction === 'higher-is-better';
    const flag: Flag = !above && !below ? 'inside' : above === higherIsBetter ? 'better' : 'worse';
    return { row, points, band: { low, high }, newest: last.value, flag };
  });
  return { profile: first.profile, trends, used: usable.map((u) => u.source), skipped, band };
}
