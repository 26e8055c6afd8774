import { describe, expect, it } from 'vitest';
import { parsePrometheusText, valueOf } from './prometheusText.js';

const HISTOGRAM = `# HELP launch_seconds Launch time.
# TYPE launch_seconds histogram
launch_seconds_bucket{le="1",template="dev"} 1
launch_seconds_bucket{le="+Inf",template="dev"} 2
launch_seconds_sum{template="dev"} 3.5
launch_seconds_count{template="dev"} 2
`;

describe('the Prometheus text parser', () => {
  it('reads families, help, types, labels with escapes, special values and timestamps', () => {
    const families = parsePrometheusText(
      [
        '# A plain comment',
        '# HELP requests_total Requests \\\\ seen,\\nby class.',
        '# TYPE requests_total counter',
        'requests_total{class="2xx",path="a\\"b\\\\c\\nd",} 3 1700000000000',
        'requests_total{class="5xx"} 1e3',
        '',
        '# TYPE temperature gauge',
        'temperature -Inf',
        'untyped_thing NaN',
        'lag_seconds Nan',
        '',
      ].join('\n'),
    );
    const requests = families.get('requests_total')!;
    expect(requests.help).toBe('Requests \\ seen,\nby class.');
    expect(requests.type).toBe('counter');
    expect(requests.samples[0]).toEqual({
      name: 'requests_total',
      labels: { class: '2xx', path: 'a"b\\c\nd' },
      value: 3,
      timestamp: 1700000000000,
    });
    expect(valueOf(families, 'requests_total', 'requests_total', { class: '5xx' })).toBe(1000);
    expect(valueOf(families, 'temperature', 'temperature')).toBe(-Infinity);
    expect(families.get('untyped_thing')!.type).toBe('untyped');
    expect(Number.isNaN(valueOf(families, 'untyped_thing', 'untyped_thing'))).toBe(true);
    // prom-client writes `Nan`; Prometheus reads NaN and Inf in any case.
    expect(Number.isNaN(valueOf(families, 'lag_seconds', 'lag_seconds'))).toBe(true);
  });

  it('reads a histogram as one family', () => {
    const families = parsePrometheusText(HISTOGRAM);
    expect([...families.keys()]).toEqual(['launch_seconds']);
    expect(valueOf(families, 'launch_seconds', 'launch_seconds_count', { template: 'dev' })).toBe(
      2,
    );
    expect(
      valueOf(families, 'launch_seconds', 'launch_seconds_bucket', { template: 'dev', le: '+Inf' }),
    ).toBe(2);
  });

  it.each([
    ['a bad metric name', '1abc 1\n'],
    ['a missing value', 'abc\n'],
    ['a bad value', 'abc one\n'],
    ['a bad timestamp', 'abc 1 soon\n'],
    ['a bad label name', 'abc{1x="a"} 1\n'],
    ['an unquoted label value', 'abc{x=a} 1\n'],
    ['an unterminated label value', 'abc{x="a} 1\n'],
    ['a label given twice', 'abc{x="a",x="b"} 1\n'],
    ['a bad escape', 'abc{x="\\t"} 1\n'],
    ['no line break at the end', 'abc 1'],
    ['an unknown type', '# TYPE abc meter\nabc 1\n'],
    ['a TYPE after the samples', 'abc 1\n# TYPE abc counter\n'],
    ['a second HELP', '# HELP abc one\n# HELP abc two\nabc 1\n'],
    ['a repeated series', 'abc{x="a"} 1\nabc{x="a"} 2\n'],
    ['a family in two places', 'abc 1\ndef 1\nabc{x="b"} 2\n'],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1\nh_count 1\n'],
    ['buckets without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n'],
    [
      'buckets that shrink',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
    ],
    [
      'a count that differs',
      HISTOGRAM.replace(
        'launch_seconds_count{template="dev"} 2',
        'launch_seconds_count{template="dev"} 5',
      ),
    ],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
