/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), so tests read
 * `/metrics` as Prometheus would and fail on anything Prometheus would refuse: a bad name or
 * escape, a sample before its TYPE, a family split in two, a repeated series, a histogram whose
 * buckets are not cumulative or lack `+Inf`.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name: for a histogram `x`, one of `x_bucket`, `x_sum`, `x_count`. */
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export interface MetricFamily {
  name: string;
  help: string | undefined;
  type: MetricType;
  samples: Sample[];
}

export class PrometheusTextError extends Error {
  constructor(lineNumber: number, message: string) {
    super(`line ${lineNumber}: ${message}`);
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** The suffixes a family's samples may carry, by type. */
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** Parses a whole exposition; families by name, in the order they appear. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const seriesSeen = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (text !== '')
    throw new PrometheusTextError(lines.length, 'the text must end with a line break');

  const familyFor = (name: string, lineNumber: number): MetricFamily => {
    if (current?.name === name) return current;
    if (families.has(name))
      throw new PrometheusTextError(lineNumber, `${name} appears in two places`);
    current = { name, help: undefined, type: 'untyped', samples: [] };
    families.set(name, current);
    return current;
  };

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!meta) return; // a plain comment
      const [, keyword, name, rest = ''] = meta as unknown as [string, string, string, string?];
      if (!METRIC_NAME.test(name))
        throw new PrometheusTextError(lineNumber, `bad metric name ${name}`);
      const family = familyFor(name, lineNumber);
      if (keyword === 'HELP') {
        if (family.help !== undefined)
          throw new PrometheusTextError(lineNumber, `second HELP for ${name}`);
        family.help = unescape(rest, lineNumber, false);
      } else {
        if (!TYPES.has(rest.trim())) throw new PrometheusTextError(lineNumber, `bad type ${rest}`);
        if (family.samples.length > 0 || family.type !== 'untyped') {
          throw new PrometheusTextError(lineNumber, `TYPE for ${name} after its samples or twice`);
        }
        family.type = rest.trim() as MetricType;
      }
      return;
    }
    const sample = parseSample(line, lineNumber);
    const family =
      familyOfSample(sample.name, current, families) ?? familyFor(sample.name, lineNumber);
    if (family !== current)
      throw new PrometheusTextError(lineNumber, `${sample.name} appears in two places`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seriesSeen.has(key)) throw new PrometheusTextError(lineNumber, `repeated series ${key}`);
    seriesSeen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) checkFamily(family);
  return families;
}

/** The family a sample belongs to: the current one when its name is the family's plus an allowed suffix. */
function familyOfSample(
  sampleName: string,
  current: MetricFamily | undefined,
  families: Map<string, MetricFamily>,
): MetricFamily | undefined {
  for (const family of current ? [current, ...families.values()] : families.values()) {
    if (SUFFIXES[family.type].some((suffix) => family.name + suffix === sampleName)) return family;
  }
  return undefined;
}

function parseSample(line: string, lineNumber: number): Sample {
  const fail = (message: string) => new PrometheusTextError(lineNumber, message);
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw fail(`bad sample line: ${line}`);
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) break;
      const label = /^([^=\s]+)\s*=\s*"/.exec(rest);
      if (!label || !LABEL_NAME.test(label[1]!)) throw fail(`bad label in ${line}`);
      rest = rest.slice(label[0].length);
      const end = closingQuote(rest);
      if (end < 0) throw fail(`unterminated label value in ${line}`);
      if (label[1]! in labels) throw fail(`label ${label[1]} twice`);
      labels[label[1]!] = unescape(rest.slice(0, end), lineNumber, true);
      rest = rest.slice(end + 1).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw fail(`expected , or } in ${line}`);
    }
    rest = rest.slice(1);
  }
  const parts = rest.trim().split(/\s+/);
  if (!/^\s/.test(rest) || parts.length < 1 || parts.length > 2) throw fail(`bad value in ${line}`);
  const value = parseValue(parts[0]!);
  if (value === undefined) throw fail(`bad value ${parts[0]}`);
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw fail(`bad timestamp ${parts[1]}`);
  return {
    name,
    labels,
    value,
    ...(parts[1] === undefined ? {} : { timestamp: Number(parts[1]) }),
  };
}

/** Where the label value's closing quote is (skipping escaped ones); -1 when none. */
function closingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function unescape(text: string, lineNumber: number, quotesToo: boolean): string {
  return text.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quotesToo) return '"';
    throw new PrometheusTextError(lineNumber, `bad escape \\${c}`);
  });
}

/** A float as Prometheus reads it (Go's ParseFloat: NaN and Inf in any case, e.g. prom-client's `Nan`). */
function parseValue(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === 'nan') return NaN;
  if (/^\+?inf(inity)?$/.test(word)) return Infinity;
  if (/^-inf(inity)?$/.test(word)) return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/** A histogram's buckets per series: ascending `le`, cumulative counts, `+Inf` = `_count`. */
function checkFamily(family: MetricFamily): void {
  const fail = (message: string) => new PrometheusTextError(0, `${family.name}: ${message}`);
  if (family.type !== 'histogram') return;
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      const bound = le === undefined ? undefined : parseValue(le);
      if (bound === undefined || Number.isNaN(bound)) throw fail('a bucket without a valid le');
      entry.buckets.push([bound, sample.value]);
    } else if (le !== undefined) {
      throw fail(`le on ${sample.name}`);
    } else if (sample.name.endsWith('_count')) {
      entry.count = sample.value;
    }
  }
  for (const { buckets, count } of series.values()) {
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]![0] > buckets[i - 1]![0])) throw fail('buckets out of order');
      if (buckets[i]![1] < buckets[i - 1]![1]) throw fail('bucket counts not cumulative');
    }
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity) throw fail('no +Inf bucket');
    if (count !== last[1]) throw fail('_count differs from the +Inf bucket');
  }
}

/** The value of one series (labels matched exactly), or undefined when it is not there. */
export function valueOf(
  families: Map<string, MetricFamily>,
  family: string,
  sampleName: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return families
    .get(family)
    ?.samples.find(
      (s) => s.name === sampleName && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
    )?.value;
}
