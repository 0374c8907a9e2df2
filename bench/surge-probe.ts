// The surge bench's probes (bench/surge.ts), in a process of their own: GETs of the catalogue and of an
// officer's work queue at a fixed rate, timed from their scheduled moment. Run in the bench's own
// process, their latency also held the wait for that process's event loop, busy with thousands of
// citizens' answers — the client's lag, not the server's. Forked by runProbes; answers over IPC.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Answer, request } from '../test/nginx-cluster.js';
import { sleep } from './lib.js';

export const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10);

/** Status counts by step ("apply 200", "apply nginx 429", "submit 429", "probe catalogue error", …). */
export class Tally {
  counts: Record<string, number> = {};
  add(key: string) {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }
  /** Answers ≥ 400 other than 429, and connection errors. */
  errors(): number {
    return Object.entries(this.counts)
      .filter(([key]) => {
        const status = key.split(' ').pop()!;
        return status === 'error' || (Number(status) >= 400 && status !== '429');
      })
      .reduce((sum, [, n]) => sum + n, 0);
  }
}

export async function timed(tally: Tally, step: string, url: string, o: Parameters<typeof request>[1]): Promise<Answer | undefined> {
  try {
    const answer = await request(url, { timeoutMs: 60_000, ...o });
    // nginx's own 429 (the outer wall, deploy/nginx/errors/busy.*) counted apart from the processes'.
    const byNginx = answer.status === 429 && answer.body.includes('Sedang banyak pemohon');
    tally.add(`${step} ${byNginx ? 'nginx ' : ''}${answer.status}`);
    return answer;
  } catch {
    tally.add(`${step} error`);
    return undefined;
  }
}

export interface Probe {
  step: string;
  url: string;
  headers: Record<string, string>;
}
export interface ProbeResult {
  samples: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** The probes' own connections (another person's browser, an officer's desk). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** GETs `url` `rate` times a second for `seconds` (open loop; latency from the scheduled time). */
async function probe(tally: Tally, p: Probe, rate: number, seconds: number): Promise<ProbeResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < seconds * rate; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      timed(tally, p.step, p.url, { headers: p.headers, agent }).then((a) => {
        if (a) latencies.push(performance.now() - scheduled);
      }),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { samples: latencies.length, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), maxMs: quantile(latencies, 1) };
}

/** Runs `probes` at once in a child process, each `rate` times a second for `seconds`. */
export function runProbes(probes: Probe[], rate: number, seconds: number): Promise<{ results: ProbeResult[]; counts: Record<string, number> }> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      resolve(message as { results: ProbeResult[]; counts: Record<string, number> });
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the probe process exited (${code}) before answering`)));
    child.send({ probes, rate, seconds });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.once('message', async (message: { probes: Probe[]; rate: number; seconds: number }) => {
    const tally = new Tally();
    const results = await Promise.all(message.probes.map((p) => probe(tally, p, message.rate, message.seconds)));
    agent.destroy();
    process.send!({ results, counts: tally.counts });
  });
}
