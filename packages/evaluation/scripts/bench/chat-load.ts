/**
 * Load on `POST /chat` from this process (the server runs in a child process): autocannon cycles
 * through the question mix on each connection; every response time is recorded, so p50/p95/p99
 * are exact over the run. Each measurement is repeated and the median of each figure reported.
 */
import autocannon from 'autocannon';
import { median, quantile } from './stats.js';

export interface LoadRun {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Non-2xx responses, socket errors and timeouts over all requests. */
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answered 503 `overloaded` (load shedding), over all responses. */
  shedRate: number;
  /** Responses 503 `overloaded` (load shedding). */
  shed: number;
  /** Requests admitted (2xx) per second. */
  admittedPerSecond: number;
  /** p99 of the requests that were admitted (2xx) only. */
  admittedP99: number;
  /** p50 and p99 of the 503 `overloaded` answers (0 when none). */
  shedP50: number;
  shedP99: number;
  /**
   * p99 of the admitted (2xx) and of the shed (503) requests sent once every connection had its
   * first answer: without the start of a run, where connections opened together against a busy
   * server wait for it to accept and read them (their first requests then take as long as the
   * run has lasted), a wait of the connection, not of the request queue.
   */
  steadyAdmittedP99: number;
  steadyShedP99: number;
}

export interface LoadOptions {
  url: string;
  apiKey?: string;
  messages: readonly string[];
  connections: number;
  seconds: number;
}

/** One autocannon run against `${url}/chat`. */
export function runLoad(options: LoadOptions): Promise<LoadRun> {
  const times: number[] = [];
  const admitted: number[] = [];
  const shedTimes: number[] = [];
  const started = performance.now();
  const answered = new Set<unknown>();
  let steadyFrom = Number.POSITIVE_INFINITY;
  const steadyAdmitted: number[] = [];
  const steadyShed: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
        },
        requests: options.messages.map((message) => ({
          method: 'POST',
          path: '/chat',
          body: JSON.stringify({ message }),
        })),
      },
      (error, result) => {
        if (error) return reject(error);
        const failed = result.non2xx + result.errors + result.timeouts;
        const attempted = result.requests.total + result.errors + result.timeouts;
        resolve({
          connections: options.connections,
          seconds: result.duration,
          requests: result.requests.total,
          requestsPerSecond: result.requests.total / result.duration,
          // No completed request in the window (a queue longer than the run) is not an error.
          errorRate: attempted === 0 ? 0 : failed / attempted,
          p50: quantile(times, 0.5),
          p95: quantile(times, 0.95),
          p99: quantile(times, 0.99),
          shedRate: times.length === 0 ? 0 : shedTimes.length / times.length,
          shed: shedTimes.length,
          admittedPerSecond: admitted.length / result.duration,
          admittedP99: quantile(admitted, 0.99),
          shedP50: quantile(shedTimes, 0.5),
          shedP99: quantile(shedTimes, 0.99),
          steadyAdmittedP99: quantile(steadyAdmitted, 0.99),
          steadyShedP99: quantile(steadyShed, 0.99),
        });
      },
    );
    instance.on('response', (client: unknown, status: number, _bytes: number, milliseconds: number) => {
      times.push(milliseconds);
      if (status < 300) admitted.push(milliseconds);
      if (status === 503) shedTimes.push(milliseconds);
      const now = performance.now() - started;
      if (now - milliseconds >= steadyFrom) {
        if (status < 300) steadyAdmitted.push(milliseconds);
        if (status === 503) steadyShed.push(milliseconds);
      }
      answered.add(client);
      if (answered.size === options.connections && steadyFrom === Number.POSITIVE_INFINITY) steadyFrom = now;
    });
  });
}

/** `runs` runs after one short warm-up; each figure is the median over the runs. */
export async function measureLoad(
  options: LoadOptions,
  runs: number,
): Promise<LoadRun & { runs: LoadRun[] }> {
  await runLoad({ ...options, seconds: Math.min(3, options.seconds) });
  const results: LoadRun[] = [];
  for (let run = 0; run < runs; run++) results.push(await runLoad(options));
  const pick = (key: keyof LoadRun) => median(results.map((result) => result[key]));
  return {
    connections: options.connections,
    seconds: pick('seconds'),
    requests: pick('requests'),
    requestsPerSecond: pick('requestsPerSecond'),
    errorRate: pick('errorRate'),
    p50: pick('p50'),
    p95: pick('p95'),
    p99: pick('p99'),
    shedRate: pick('shedRate'),
    shed: pick('shed'),
    admittedPerSecond: pick('admittedPerSecond'),
    admittedP99: pick('admittedP99'),
    shedP50: pick('shedP50'),
    shedP99: pick('shedP99'),
    steadyAdmittedP99: pick('steadyAdmittedP99'),
    steadyShedP99: pick('steadyShedP99'),
    runs: results,
  };
}
