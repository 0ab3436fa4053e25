import {
  type Bm25Parameters,
  bm25Idf,
  bm25TermScore,
  defaultBm25Parameters,
} from '../assistant/retrieval/bm25.js';
import { analyse, termFrequencies } from '../assistant/retrieval/text/analysis.js';
import type { Chunk, ScoredChunk } from '../knowledge/document.js';
import type { LexicalIndex, LexicalQuery } from '../ports/lexical-index.port.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const copy = structuredClone;

interface AnalysedChunk {
  /** Title, heading path and text the entry was analysed from. */
  source: string;
  frequencies: Map<string, number>;
  length: number;
}

/**
 * Okapi BM25 over the chunk table, each chunk analysed as document title + heading path + text
 * (as the PostgreSQL index does), with the analyser of production retrieval (stop words, Porter2
 * stems). Collection statistics are those of the project's chunks.
 */
export class InMemoryLexicalIndex implements LexicalIndex {
  private readonly analysed = new Map<string, AnalysedChunk>();

  constructor(
    private readonly db: InMemoryDatabase,
    private readonly parameters: Bm25Parameters = defaultBm25Parameters,
  ) {}

  private analyse(chunk: Chunk): AnalysedChunk {
    const title = this.db.tables.documents.get(chunk.documentId)?.title ?? '';
    const headings = chunk.headingPath.filter((heading) => heading !== title);
    const source = [title, ...headings, chunk.text].join('\n');
    const cached = this.analysed.get(chunk.id);
    if (cached && cached.source === source) return cached;
    const terms = analyse(source);
    const entry = { source, frequencies: termFrequencies(terms), length: terms.length };
    this.analysed.set(chunk.id, entry);
    return entry;
  }

  async search(projectId: string, query: LexicalQuery): Promise<ScoredChunk[]> {
    const wanted = [...new Set(analyse(query.text))];
    if (wanted.length === 0) return [];
    const chunks = [...this.db.tables.chunks.values()].filter(
      (chunk) =>
        chunk.projectId === projectId && (!query.documentIds || query.documentIds.includes(chunk.documentId)),
    );
    const analysed = chunks.map((chunk) => this.analyse(chunk));
    const frequency = new Map(wanted.map((term) => [term, 0]));
    let totalLength = 0;
    for (const entry of analysed) {
      totalLength += entry.length;
      for (const term of wanted)
        if (entry.frequencies.has(term)) frequency.set(term, frequency.get(term)! + 1);
    }
    const averageLength = totalLength / Math.max(1, analysed.length);
    const scored: ScoredChunk[] = [];
    analysed.forEach((entry, index) => {
      let score = 0;
      for (const term of wanted) {
        const tf = entry.frequencies.get(term);
        if (!tf) continue;
        const idf = bm25Idf(analysed.length, frequency.get(term)!);
        score += bm25TermScore(idf, tf, entry.length, averageLength, this.parameters);
      }
      if (score > 0) scored.push({ chunk: chunks[index]!, score });
    });
    return scored
      .sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id))
      .slice(0, query.topK)
      .map((hit) => ({ chunk: copy(hit.chunk), score: hit.score }));
  }
}
