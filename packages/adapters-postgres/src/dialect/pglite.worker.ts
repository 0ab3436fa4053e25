/**
 * The thread that runs PGlite when the embedded database is opened with `thread: 'worker'`: it
 * opens the database and runs each statement it is sent through the same connection code as the
 * in-thread dialect (prepared statements, value serialisation, row parsing), one at a time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { CompiledQuery } from 'kysely';
import { PGliteConnection, sessionSettings, transactionBegin } from './pglite-dialect.js';
import {
  type PgliteThreadAnswer,
  type PgliteThreadOptions,
  type PgliteThreadRequest,
  type PgliteThreadStarted,
  toThreadError,
} from './pglite-thread-protocol.js';

const options = workerData as PgliteThreadOptions;
const port = parentPort!;

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * One full, memory-reducing collection of this thread's heap, as the runtime's `compactHeap` does
 * for the main thread (decision 0027): V8's collector taken through `--expose-gc` for one `vm`
 * context only. Opening the database leaves hundreds of MiB of garbage (its files unpacked, the
 * WebAssembly compiled) that an idle thread never collects. Returns whether it ran.
 */
function compactHeap(): boolean {
  let collect: Collect | null = null;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  } catch {
    return false;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

async function open(): Promise<PGlite> {
  const client = await PGlite.create(options.dataDir === 'memory' ? undefined : options.dataDir, {
    extensions: { vector },
    startParams: options.startParams,
  });
  await client.exec(sessionSettings);
  return client;
}

async function serve(client: PGlite): Promise<void> {
  const connection = new PGliteConnection(client, options.statementCacheSize);
  const answer = async (request: PgliteThreadRequest): Promise<unknown> => {
    if (request.kind === 'query') {
      if (request.begin) await connection.executeQuery(CompiledQuery.raw(transactionBegin));
      return connection.executeQuery(CompiledQuery.raw(request.sql, [...request.parameters]));
    }
    if (request.kind === 'compact') return compactHeap();
    if (request.kind === 'dump') {
      const archive = await client.dumpDataDir('gzip');
      return new Uint8Array(await archive.arrayBuffer());
    }
    await client.close();
    return null;
  };
  const respond = async (request: PgliteThreadRequest): Promise<void> => {
    let message: PgliteThreadAnswer;
    try {
      message = { id: request.id, ok: true, value: await answer(request) };
    } catch (error) {
      message = { id: request.id, ok: false, error: toThreadError(error) };
    }
    const value = message.ok ? message.value : null;
    port.postMessage(message, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
    if (request.kind === 'close') port.close();
  };
  // One statement at a time, in the order they were sent. After each answer the thread looks
  // for the next statement for a short while before it sleeps: the next one usually follows
  // within a fraction of a millisecond (a transaction's statements, an upload's), and waking a
  // sleeping thread costs hundreds of microseconds on a virtual machine.
  const pending: PgliteThreadRequest[] = [];
  let running = false;
  const run = async () => {
    running = true;
    try {
      for (let request = pending.shift(); request; request = pending.shift() ?? nextSoon()) {
        await respond(request);
        if (request.kind === 'close') return;
      }
    } finally {
      running = false;
    }
  };
  port.on('message', (request: PgliteThreadRequest) => {
    pending.push(request);
    if (!running) void run();
  });
}

/** How long the thread looks for the next statement before it sleeps. */
const lingerMs = 0.5;

/**
 * Looks at the port again and again for `lingerMs`, reading the clock once every
 * `looksPerClockRead` looks: each `performance.now()` allocates its number on the heap, and
 * reading it at every look (thousands of times per linger) made 268 MB of this thread's 695 MB of
 * garbage in a 10 MB upload run; now 33 MB of 451.
 */
const looksPerClockRead = 32;

function nextSoon(): PgliteThreadRequest | undefined {
  const until = performance.now() + lingerMs;
  for (let looks = 1; ; looks++) {
    const received = receiveMessageOnPort(port);
    if (received) return received.message as PgliteThreadRequest;
    if (looks % looksPerClockRead === 0 && performance.now() >= until) return undefined;
  }
}

open().then(
  (client) => {
    void serve(client);
    port.postMessage({ kind: 'ready' } satisfies PgliteThreadStarted);
  },
  (error: unknown) =>
    port.postMessage({ kind: 'failed', error: toThreadError(error) } satisfies PgliteThreadStarted),
);
