import { Agent, request } from 'node:http';

/** One person's time to an answering app; `ms` undefined: the launch failed. */
export interface Outcome {
  ms: number | undefined;
  error?: string;
}

export interface Summary {
  p50: number | undefined;
  p95: number | undefined;
  max: number | undefined;
  failures: number;
}

/** Nearest-rank percentiles of the successful times; failures counted apart. */
export function summarise(outcomes: Outcome[]): Summary {
  const times = outcomes.flatMap((o) => (o.ms === undefined ? [] : [o.ms])).sort((a, b) => a - b);
  const at = (q: number) => (times.length ? times[Math.ceil(q * times.length) - 1] : undefined);
  return {
    p50: at(0.5),
    p95: at(0.95),
    max: times.at(-1),
    failures: outcomes.length - times.length,
  };
}

/**
 * Every token's person asks spawner at `base` (http://127.0.0.1:port) to launch `type` at the
 * same moment, one connection each as that many browsers would have; each outcome is the time
 * from the common start to that person's 200, which spawner sends once the app answers.
 */
export async function launchAtOnce(
  base: string,
  tokens: string[],
  type: string,
  timeoutMs: number,
): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const start = performance.now();
  try {
    return await Promise.all(
      tokens.map(async (token): Promise<Outcome> => {
        const answer = await post(new URL(`/api/container/launch/${type}`, base), token, {
          agent,
          timeoutMs,
        });
        if (answer.status === 200) return { ms: performance.now() - start };
        return { ms: undefined, error: `${answer.status} ${answer.body.slice(0, 200)}` };
      }),
    );
  } finally {
    agent.destroy();
  }
}

function post(
  url: URL,
  token: string,
  options: { agent: Agent; timeoutMs: number },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        headers: { authorization: `Bearer ${token}`, 'content-length': 0 },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error('no answer in time')));
    req.on('error', (err) => resolve({ status: 0, body: String(err) }));
    req.end();
  });
}
