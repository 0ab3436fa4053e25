import {
  call,
  createServerStack,
  logIn,
  type RunningInstance,
  type ServerStack,
} from '@chatbuddy/runtime/testing';
import { type Reconciliation, reconcile } from './reconcile.js';
import { type RssSample, type RssTrend, rssTrend } from './rss-trend.js';
import { oneRequest } from './soak-load.js';
import {
  type KindTally,
  type RequestKind,
  type ServerError,
  type SoakProject,
  SoakTally,
} from './soak-state.js';

export interface SoakOptions {
  durationSeconds: number;
  /** PostgreSQL server; the soak uses a throwaway database on it. */
  postgresUrl: string;
  chromaUrl?: string;
  redisUrl?: string;
  /** Requests in flight at once (default 6). */
  concurrency?: number;
  /** Projects the load spreads over (default 3). */
  projects?: number;
  /** Seconds between RSS samples (default 5). */
  sampleEverySeconds?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface SoakReport {
  durationSeconds: number;
  requests: Record<RequestKind, KindTally>;
  totalRequests: number;
  serverErrors: ServerError[];
  /**
   * 503s whose cause is a PostgreSQL connection handshake that took longer than the pool's
   * connection timeout: the machine was starved of CPU, not a fault of the code under test.
   */
  connectTimeouts: ServerError[];
  staleKeys: string[];
  rss: Record<string, RssTrend & { series: RssSample[] }>;
  reconciliation: Reconciliation;
  /** Instances that ended during the load (they must not). */
  crashed: string[];
}

async function createProjects(
  instance: RunningInstance,
  token: string,
  count: number,
): Promise<SoakProject[]> {
  const projects: SoakProject[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = await call(instance.url, '/projects', { token, json: { name: `Soak ${index}` } });
    if (created.status !== 201) throw new Error(`project not created: ${JSON.stringify(created.body)}`);
    projects.push({
      id: created.body.project.id,
      apiKey: created.body.apiKey,
      live: new Set(),
      answered: new Map(),
    });
  }
  return projects;
}

/**
 * Two `chatbuddy serve` processes on one throwaway database under a bounded mixed load from this
 * process for `durationSeconds`, sampling each instance's RSS; then the database is checked
 * against every answer the load received.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const stack: ServerStack = await createServerStack({
    postgresUrl: options.postgresUrl,
    // The load runs as fast as the instances answer, from one address: rate limits (tested on
    // their own) would turn most of it into 429s and leave little of what the soak is about.
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_SESSION_PER_MINUTE: '1000000',
    },
    ...(options.chromaUrl && { chromaUrl: options.chromaUrl }),
    ...(options.redisUrl && { redisUrl: options.redisUrl }),
  });
  try {
    const instances = [await stack.startInstance('A'), await stack.startInstance('B')];
    const [a] = instances as [RunningInstance];
    const crashed: string[] = [];
    for (const instance of instances) instance.exited.then(() => crashed.push(instance.name));
    let token = await logIn(a.url, stack.admin.email, stack.admin.password);
    const projects = await createProjects(a, token, options.projects ?? 3);
    const [rotation] = await createProjects(a, token, 1);
    const tally = new SoakTally();
    const context = { instances, projects, rotation: rotation as SoakProject, token: () => token, tally };
    const series = new Map<string, RssSample[]>(instances.map((instance) => [instance.name, []]));
    const started = Date.now();
    const deadline = started + options.durationSeconds * 1000;
    const sample = () => {
      for (const instance of instances) {
        const kib = instance.rssKib();
        if (kib !== undefined)
          series.get(instance.name)?.push({ atSeconds: (Date.now() - started) / 1000, rssMiB: kib / 1024 });
      }
    };
    sample();
    const sampler = setInterval(
      () => {
        sample();
        const done = requestTotal(tally);
        log(
          `${Math.round((Date.now() - started) / 1000)} s: ${done} requests, ${tally.serverErrors.length} 5xx`,
        );
      },
      (options.sampleEverySeconds ?? 5) * 1000,
    );
    // Access tokens live 15 minutes; a long soak logs in again every 5.
    const relogin = setInterval(async () => {
      token = await logIn(a.url, stack.admin.email, stack.admin.password).catch(() => token);
    }, 5 * 60_000);
    const worker = async () => {
      while (Date.now() < deadline && crashed.length === 0) await oneRequest(context);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 6 }, worker));
    clearInterval(sampler);
    clearInterval(relogin);
    sample();
    log('load finished; reconciling with the database');
    const reconciliation = await reconcile(stack.dbUrl, projects);
    const errors = tally.serverErrors.map((error) => withLogLines(error, instances));
    const rss = Object.fromEntries(
      [...series].map(([name, samples]) => [name, { ...rssTrend(samples), series: samples }]),
    );
    return {
      durationSeconds: (Date.now() - started) / 1000,
      crashed: [...crashed],
      requests: Object.fromEntries(tally.byKind) as Record<RequestKind, KindTally>,
      totalRequests: requestTotal(tally),
      serverErrors: errors.filter((error) => !isConnectTimeout(error)),
      connectTimeouts: errors.filter(isConnectTimeout),
      staleKeys: tally.staleKeys,
      rss,
      reconciliation,
    };
  } finally {
    await stack.dispose();
  }
}

function requestTotal(tally: SoakTally): number {
  return [...tally.byKind.keys()].reduce((sum, kind) => sum + tally.total(kind), 0);
}

/** Adds the instance's log lines about the failed request (found by its request id). */
function withLogLines(error: ServerError, instances: readonly RunningInstance[]): ServerError {
  const requestId = /"requestId":"([^"]+)"/.exec(error.detail)?.[1];
  const output = instances.find((instance) => instance.name === error.instance)?.output() ?? '';
  if (!requestId) return error;
  const lines = output.split('\n').filter((line) => line.includes(requestId));
  return { ...error, detail: [error.detail, ...lines].join('\n') };
}

function isConnectTimeout(error: ServerError): boolean {
  return error.status === 503 && error.detail.includes('Connection terminated due to connection timeout');
}
