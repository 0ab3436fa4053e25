/**
 * Where the time of one upload goes: the real indexing pipeline (`DocumentIntake` →
 * `DocumentIndexer`, core's own classes) built on the server's own adapters, with each port
 * wrapped in a stopwatch, and the BM25 posting writes timed by the PostgreSQL adapter's
 * diagnostics channel. Runs inside the server process; totals per stage over a corpus.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { postingWritesChannel } from '@chatbuddy/adapters-postgres';
import {
  type ContentHasher,
  type Clock,
  DocumentIndexer,
  DocumentIntake,
  type DocumentRepository,
  type Embedder,
  type IdGenerator,
  type Logger,
  type ModelGateway,
  type ProjectRepository,
  type TokenCounter,
  type UnitOfWork,
  type VectorStore,
  checkContent,
  defaultContentLimits,
  parseMarkdownText,
} from '@chatbuddy/core';
import type { CorpusDocument } from './corpus.js';

export interface IngestPorts {
  unitOfWork: UnitOfWork;
  documents: DocumentRepository;
  projects: ProjectRepository;
  vectors: VectorStore;
  models: ModelGateway;
  tokenCounter: TokenCounter;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  contentHasher: ContentHasher;
}

/** Milliseconds spent in each stage over the whole corpus. */
export interface IngestStages {
  /** Markdown sections from the text (`parseMarkdownText`). */
  parse: number;
  /** Chunking, token counting included (between reading the old chunks and the first embedding). */
  chunk: number;
  /** Of which token counting (`TokenCounter.count` and `rangeCounter`). */
  tokenCounting: number;
  embed: number;
  /** `VectorStore.upsert`, its transaction and change-feed entry included. */
  vectors: number;
  /** BM25 postings and statistics, inside the swap transaction. */
  postings: number;
  /** Chunk rows (delete and insert), inside the swap transaction. */
  chunkRows: number;
  /**
   * The rest of the swap transaction: checks, document row, begin and commit (not its wait for
   * vectors still being written: that time is theirs).
   */
  commit: number;
  /**
   * Work counted twice because it ran at once with other work: the swap transaction's own work
   * done while an independent store's vectors were being written (0020), and the embedding done
   * inside the swap while its rows were written (0032). The stages add up to the total minus this.
   */
  overlapped: number;
  /** Everything else: document row written before indexing, duplicate check, lease, cleanup. */
  other: number;
}

export interface IngestProfile {
  documents: number;
  chunks: number;
  megabytes: number;
  seconds: number;
  stages: IngestStages;
}

type Stage = keyof IngestStages;

function stopwatch() {
  const totals: IngestStages = {
    parse: 0,
    chunk: 0,
    tokenCounting: 0,
    embed: 0,
    vectors: 0,
    postings: 0,
    chunkRows: 0,
    commit: 0,
    overlapped: 0,
    other: 0,
  };
  const time = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      totals[stage] += performance.now() - started;
    }
  };
  return { totals, time };
}

/** Wraps the ports so that each stage of the pipeline adds its time to `totals`. */
function timedPorts(ports: IngestPorts, watch: ReturnType<typeof stopwatch>) {
  const { totals, time } = watch;
  let chunkingSince: number | null = null;
  const endChunking = () => {
    if (chunkingSince !== null) totals.chunk += performance.now() - chunkingSince;
    chunkingSince = null;
  };
  // Embedding and vector writes inside the swap transaction (decision 0032), with their intervals.
  let inSwap: { spans: [number, number][] } | null = null;
  const span = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const swap = inSwap;
    try {
      return await time(stage, work);
    } finally {
      swap?.spans.push([started, performance.now()]);
    }
  };
  const embedder = (inner: Embedder): Embedder => {
    const wrapped: Embedder = Object.create(inner);
    wrapped.embed = (texts, options) => {
      endChunking();
      return span('embed', () => inner.embed(texts, options));
    };
    return wrapped;
  };
  const documents: DocumentRepository = Object.create(ports.documents);
  // The indexer chunks a new document while its row is written (from the call of `create`), and
  // an existing one right after marking it `indexing` and reading its previous chunks.
  documents.create = (document, options) => {
    const created = ports.documents.create(document, options);
    chunkingSince = performance.now();
    return created;
  };
  documents.update = async (projectId, documentId, patch, at) => {
    const updated = await ports.documents.update(projectId, documentId, patch, at);
    if (patch.status === 'indexing') chunkingSince = performance.now();
    return updated;
  };
  documents.listChunks = async (projectId, documentId) => {
    const chunks = await ports.documents.listChunks(projectId, documentId);
    chunkingSince = performance.now();
    return chunks;
  };
  const models: ModelGateway = Object.create(ports.models);
  models.embedder = (provider, model) => embedder(ports.models.embedder(provider, model));
  const vectors: VectorStore = Object.create(ports.vectors);
  // The last upsert's interval, to tell the swap transaction's work from its wait for vectors.
  let upsertSpan: { started: number; ended: number } | null = null;
  vectors.upsert = (projectId, chunks) => {
    const span = { started: performance.now(), ended: Number.POSITIVE_INFINITY };
    upsertSpan = span;
    return time('vectors', () => ports.vectors.upsert(projectId, chunks)).finally(() => {
      span.ended = performance.now();
    });
  };
  const { inTransaction } = ports.vectors;
  if (inTransaction) {
    vectors.inTransaction = (repositories) => {
      const writer = inTransaction.call(ports.vectors, repositories);
      return { upsert: (projectId, chunks) => span('vectors', () => writer.upsert(projectId, chunks)) };
    };
  }
  const tokenCounter: TokenCounter = Object.create(ports.tokenCounter);
  const counted = <T>(work: () => T): T => {
    const started = performance.now();
    const result = work();
    totals.tokenCounting += performance.now() - started;
    return result;
  };
  tokenCounter.count = (text) => counted(() => ports.tokenCounter.count(text));
  const { rangeCounter } = ports.tokenCounter;
  if (rangeCounter) {
    tokenCounter.rangeCounter = (text) => {
      const count = counted(() => rangeCounter.call(ports.tokenCounter, text));
      return (start, end) => counted(() => count(start, end));
    };
  }
  const unitOfWork: UnitOfWork = {
    run: async (work) => {
      endChunking();
      const started = performance.now();
      let rowsSent = started;
      let rowsWritten = started;
      const swap = { spans: [] as [number, number][] };
      inSwap = swap;
      try {
        return await time('commit', () =>
          ports.unitOfWork.run((repositories) => {
            const transactional: DocumentRepository = Object.create(repositories.documents);
            transactional.replaceChunks = (projectId, documentId, chunks, options) => {
              rowsSent = performance.now();
              return time('chunkRows', () =>
                repositories.documents.replaceChunks(projectId, documentId, chunks, options),
              ).finally(() => (rowsWritten = performance.now()));
            };
            return work({ ...repositories, documents: transactional });
          }),
        );
      } finally {
        inSwap = null;
        const ended = performance.now();
        const span = upsertSpan;
        upsertSpan = null;
        if (span) {
          // An independent store's last upsert, overlapped with the swap (0020).
          const overlap = Math.max(0, Math.min(span.ended, ended) - Math.max(span.started, started));
          const wait = Math.max(0, Math.min(span.ended, ended) - Math.max(span.started, rowsWritten));
          totals.commit -= wait;
          totals.overlapped += overlap - wait;
        }
        // Embedding and vector writes in the swap (0032): counted in their stages, not the
        // commit's; the part done while the rows were written is the overlap.
        let inside = 0;
        let overlap = 0;
        for (const [from, to] of swap.spans) {
          inside += to - from;
          overlap += Math.max(0, Math.min(to, rowsWritten) - Math.max(from, rowsSent));
        }
        totals.commit -= inside - overlap;
        totals.overlapped += overlap;
      }
    },
  };
  return { documents, models, vectors, tokenCounter, unitOfWork };
}

/** Uploads `corpus` into `projectId` through the timed pipeline, one document at a time. */
export async function profileIngestion(
  ports: IngestPorts,
  projectId: string,
  corpus: Iterable<CorpusDocument>,
): Promise<IngestProfile> {
  const watch = stopwatch();
  const timed = timedPorts(ports, watch);
  const { ids, clock, logger, contentHasher, projects } = ports;
  const indexer = new DocumentIndexer(
    timed.unitOfWork,
    timed.documents,
    projects,
    timed.vectors,
    timed.models,
    timed.tokenCounter,
    ids,
    clock,
    logger,
  );
  const intake = new DocumentIntake(timed.documents, indexer, ids, clock, contentHasher);
  const onPostings = (message: unknown) => {
    watch.totals.postings += (message as { milliseconds: number }).milliseconds;
  };
  subscribe(postingWritesChannel, onPostings);
  let documents = 0;
  let chunks = 0;
  let bytes = 0;
  const started = performance.now();
  try {
    for (const document of corpus) {
      const structure = await watch.time('parse', async () => parseMarkdownText(document.content));
      const sizeBytes = checkContent(document.content, defaultContentLimits);
      const draft = {
        content: document.content,
        structure,
        title: document.title,
        mimeType: 'text/markdown',
        filename: null,
        metadata: {},
      };
      const indexed = await intake.ingest(projectId, draft, sizeBytes);
      documents++;
      chunks += indexed.chunkCount;
      bytes += document.bytes;
    }
  } finally {
    unsubscribe(postingWritesChannel, onPostings);
  }
  const milliseconds = performance.now() - started;
  const stages = watch.totals;
  // Nested stages: postings inside chunk rows, chunk rows inside the swap transaction.
  stages.chunkRows -= stages.postings;
  stages.commit -= stages.chunkRows + stages.postings;
  const measured =
    -stages.overlapped +
    stages.parse +
    stages.chunk +
    stages.embed +
    stages.vectors +
    stages.postings +
    stages.chunkRows +
    stages.commit;
  stages.other = milliseconds - measured;
  return { documents, chunks, megabytes: bytes / (1024 * 1024), seconds: milliseconds / 1000, stages };
}
