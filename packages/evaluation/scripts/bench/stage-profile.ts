/**
 * Where the time of one chat request goes: each retrieval stage timed on its own (inside the
 * server process, on the server's own adapters), medians over questions and rounds.
 */
import type { DocumentRepository, Embedder, LexicalIndex, Retriever, VectorStore } from '@chatbuddy/core';
import { median } from './stats.js';

export interface ProfilePorts {
  embedder: Embedder;
  vectorStore: VectorStore;
  lexicalIndex: LexicalIndex;
  documents: DocumentRepository;
  retriever: Retriever;
  /** The whole chat use case for one question (retrieval, answer, conversation and usage writes). */
  ask: (projectId: string, question: string) => Promise<unknown>;
}

export interface StageProfile {
  /** Median milliseconds per stage. */
  embedding: number;
  vectorQuery: number;
  lexicalQuery: number;
  /** Reading the rows of the leading candidates with their documents' titles (one query). */
  chunkFetch: number;
  /** Reading titles separately (profiles of earlier versions; the retriever now joins them). */
  documentTitles?: number;
  /** The whole Retriever.retrieve (stages above in its own order, plus fusion, rerank, titles). */
  retrieve: number;
  /** AskQuestion.execute without HTTP: retrieval plus answer, history and usage writes. */
  askQuestion: number;
  samples: number;
}

const timed = async <T>(samples: number[], run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  samples.push(performance.now() - started);
  return result;
};

/** Times the retrieval stages for each question, `rounds` times after one warm-up round. */
export async function profileChat(
  ports: ProfilePorts,
  request: { projectId: string; questions: string[]; rounds: number },
): Promise<StageProfile> {
  const stages = {
    embedding: [],
    vectorQuery: [],
    lexicalQuery: [],
    chunkFetch: [],
    retrieve: [],
    askQuestion: [],
  } as Record<Exclude<keyof StageProfile, 'samples' | 'documentTitles'>, number[]>;
  const topK = ports.retriever.options.candidates;
  for (let round = 0; round <= request.rounds; round++) {
    const sink = round === 0 ? null : stages; // round 0 warms caches and JIT
    for (const question of request.questions) {
      const collect = (name: keyof typeof stages) => sink?.[name] ?? [];
      const [embedding] = await timed(collect('embedding'), () =>
        ports.embedder.embed([question], { purpose: 'query' }),
      );
      const vectorHits = await timed(collect('vectorQuery'), () =>
        ports.vectorStore.query(request.projectId, { embedding: embedding!, topK }),
      );
      const lexicalHits = await timed(collect('lexicalQuery'), () =>
        ports.lexicalIndex.search(request.projectId, { text: question, topK }),
      );
      const ids = [...new Set([...vectorHits, ...lexicalHits].map((hit) => hit.chunk.id))];
      // The retriever reads rows with their titles for the leading candidates only (topK).
      await timed(collect('chunkFetch'), () =>
        ports.documents.findPassages(request.projectId, ids.slice(0, 5)),
      );
      await timed(collect('retrieve'), () =>
        ports.retriever.retrieve(request.projectId, question, { embedder: ports.embedder }),
      );
      await timed(collect('askQuestion'), () => ports.ask(request.projectId, question));
    }
  }
  return {
    embedding: median(stages.embedding),
    vectorQuery: median(stages.vectorQuery),
    lexicalQuery: median(stages.lexicalQuery),
    chunkFetch: median(stages.chunkFetch),
    retrieve: median(stages.retrieve),
    askQuestion: median(stages.askQuestion),
    samples: stages.retrieve.length,
  };
}
