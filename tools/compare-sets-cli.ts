// The several-records-per-side form of `npm run compare`: argument parsing, loading, rendering, exit code.
import { parseBaseline } from '../lib/report/baseline.ts';
import {
  compareSets,
  DEFAULT_NOISE_BAND,
  type Input,
  type SetComparison,
} from '../lib/stats/compare-sets.ts';
import {
  renderVerdictJson,
  renderVerdictJunit,
  renderVerdictMarkdown,
  renderVerdictText,
} from '../lib/stats/render-verdicts.ts';
import { renderVerdictHtml } from '../lib/stats/render-verdicts-html.ts';

export interface SetsIo {
  readFile: (path: string) => string;
  out: (text: string) => void;
  err: (text: string) => void;
}

const FORMATS = {
  text: renderVerdictText,
  markdown: renderVerdictMarkdown,
  json: renderVerdictJson,
  junit: renderVerdictJunit,
  html: (c: SetComparison) => renderVerdictHtml(c),
} as const;
type Format = keyof typeof FORMATS;

class BadInput extends Error {}

interface Parsed {
  baseline: string[];
  candidate: string[];
  noise: string[];
  format: Format;
  allowMixed: boolean;
  band: number;
  seed: number;
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = {
    baseline: [],
    candidate: [],
    noise: [],
    format: 'text',
    allowMixed: false,
    band: DEFAULT_NOISE_BAND,
    seed: 1,
  };
  let list: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new BadInput(`${arg} needs a value`);
      return next;
    };
    if (arg === '--baseline') list = parsed.baseline;
    else if (arg === '--candidate') list = parsed.candidate;
    else if (arg === '--noise') list = parsed.noise;
    else if (arg === '--allow-mixed') parsed.allowMixed = true;
    else if (arg === '--markdown') parsed.format = 'markdown';
    else if (arg === '--format') {
      const format = value();
      if (!(format in FORMATS))
        throw new BadInput(`--format must be one of ${Object.keys(FORMATS).join(', ')}, got ${format}`);
      parsed.format = format as Format;
    } else if (arg === '--band') {
      const text = value();
      const percent = Number(text);
      if (!(percent >= 0 && percent < 100))
        throw new BadInput(`--band must be a percentage 0-100, got ${text}`);
      parsed.band = percent / 100;
    } else if (arg === '--seed') {
      const text = value();
      const seed = Number(text);
      if (!Number.isInteger(seed)) throw new BadInput(`--seed must be an integer, got ${text}`);
      parsed.seed = seed;
    } else if (arg.startsWith('--')) throw new BadInput(`unknown option ${arg}`);
    else if (list === null) throw new BadInput(`${arg}: a file before --baseline or --candidate`);
    else list.push(arg);
  }
  if (parsed.baseline.length === 0) throw new BadInput('--baseline needs at least one file');
  if (parsed.candidate.length === 0) throw new BadInput('--candidate needs at least one file');
  if (parsed.noise.length === 1) throw new BadInput('--noise needs at least two same-build records');
  return parsed;
}

function load(path: string, io: SetsIo): Input {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    throw new BadInput(
      `${path}: could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = parseBaseline(text);
  if (!parsed.ok) throw new BadInput(`${path}: ${parsed.problem}`);
  return { source: path, record: parsed.record };
}

/** Returns the exit code: 0 no significant regression, 1 a significant regression, 2 bad input. */
export function compareSetsMain(args: readonly string[], io: SetsIo, usage: string): number {
  let parsed: Parsed;
  let inputs: { baseline: Input[]; candidate: Input[]; noise: Input[] };
  try {
    parsed = parseArgs(args);
    inputs = {
      baseline: parsed.baseline.map((p) => load(p, io)),
      candidate: parsed.candidate.map((p) => load(p, io)),
      noise: parsed.noise.map((p) => load(p, io)),
    };
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    io.err(`error: ${error.message}\n${usage}\n`);
    return 2;
  }
  const comparison = compareSets(inputs.baseline, inputs.candidate, {
    noise: inputs.noise,
    allowMixed: parsed.allowMixed,
    defaultBand: parsed.band,
    seed: parsed.seed,
  });
  io.out(FORMATS[parsed.format](comparison));
  return significantRegression(comparison) ? 1 : 0;
}

export function significantRegression(c: SetComparison): boolean {
  return c.composite.verdict === 'worse' || c.rows.some((r) => r.row.scored && r.verdict === 'worse');
}
