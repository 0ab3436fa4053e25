/**
 * Deterministic benchmark corpora built at run time from the shared datasets (SQuAD 2.0 dev
 * contexts first, then BEIR SciFact abstracts), never copied into the repository. Documents are
 * Markdown files of about `documentBytes`, one `##` section per source passage. Once every passage
 * has been used, later passes reuse them with their sentences rotated and a revision in the title,
 * so every document stays distinct (uploads are deduplicated by content hash).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const datasetsDir = process.env.BENCH_DATASETS ?? '/work/shared/datasets';

interface Passage {
  title: string;
  text: string;
}

interface SquadQuestion {
  question: string;
  answers: Array<{ text: string }>;
  is_impossible: boolean;
}

interface SquadFile {
  data: Array<{ title: string; paragraphs: Array<{ context: string; qas: SquadQuestion[] }> }>;
}

export interface CorpusDocument {
  title: string;
  content: string;
  bytes: number;
}

let cached: { passages: Passage[]; squad: SquadFile } | null = null;

function sources() {
  if (cached) return cached;
  const squad = JSON.parse(
    readFileSync(join(datasetsDir, 'squad-v2.0-dev', 'dev-v2.0.tuning.json'), 'utf8'),
  ) as SquadFile;
  const passages: Passage[] = [];
  for (const article of squad.data) {
    for (const paragraph of article.paragraphs) {
      passages.push({ title: article.title.replaceAll('_', ' '), text: paragraph.context });
    }
  }
  const scifact = readFileSync(join(datasetsDir, 'beir-scifact', 'corpus.jsonl'), 'utf8');
  for (const line of scifact.split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { title: string; text: string };
    if (record.text.trim()) passages.push({ title: record.title, text: record.text });
  }
  cached = { passages, squad };
  return cached;
}

function rotateSentences(text: string, by: number): string {
  const sentences = text.match(/[^.!?]+[.!?]+(\s+|$)/g) ?? [text];
  const shift = by % sentences.length;
  return [...sentences.slice(shift), ...sentences.slice(0, shift)].join('').trim();
}

/**
 * Yields documents until `totalBytes` of content (UTF-8) have been produced. The same arguments
 * always give the same documents (pass `Infinity` and stop pulling to grow a corpus step by step).
 */
export function* corpusDocuments(totalBytes: number, documentBytes = 16 * 1024): Generator<CorpusDocument> {
  const { passages } = sources();
  let produced = 0;
  let next = 0;
  let documentNumber = 0;
  while (produced < totalBytes) {
    const sections: string[] = [];
    let bytes = 0;
    let first: Passage | null = null;
    while (bytes < documentBytes) {
      const pass = Math.floor(next / passages.length);
      const passage = passages[next % passages.length]!;
      next++;
      first ??= passage;
      const text = pass === 0 ? passage.text : rotateSentences(passage.text, pass);
      const heading = pass === 0 ? passage.title : `${passage.title} (revision ${pass})`;
      const section = `## ${heading}\n\n${text}\n`;
      sections.push(section);
      bytes += Buffer.byteLength(section);
    }
    documentNumber++;
    const title = `Knowledge base ${documentNumber}: ${first!.title}`.slice(0, 200);
    const content = `# ${title}\n\n${sections.join('\n')}`;
    const size = Buffer.byteLength(content);
    produced += size;
    yield { title, content, bytes: size };
  }
}

export interface BenchQuestion {
  text: string;
  /** Whether the question is about the corpus (expected answered) or off-topic (expected abstain). */
  expectAnswer: boolean;
}

const offTopic = [
  'How do I reset the password of my home wifi router?',
  'What is the refund policy for cancelled concert tickets?',
  'Which night bus goes to the airport after midnight?',
  'Can I bring my dog into the hotel restaurant?',
  'What is the best recipe for a chocolate lava cake?',
  'How much does a monthly gym membership cost?',
  'When does the ski season start in the Alps this year?',
  'Do you offer free gift wrapping at checkout?',
];

/**
 * The chat request mix: answerable SQuAD questions about the first articles (in every corpus
 * size, since the corpus starts with them) and off-topic questions that should abstain.
 */
export function benchQuestions(answerable = 16): BenchQuestion[] {
  const { squad } = sources();
  const questions: BenchQuestion[] = [];
  for (const article of squad.data.slice(0, 2)) {
    for (const paragraph of article.paragraphs.slice(0, 8)) {
      const question = paragraph.qas.find((candidate) => !candidate.is_impossible);
      if (question && questions.length < answerable)
        questions.push({ text: question.question, expectAnswer: true });
    }
  }
  const mix: BenchQuestion[] = [];
  // Interleave two answerable with one off-topic question so every window of the run sees both.
  for (let index = 0; index < questions.length; index++) {
    mix.push(questions[index]!);
    if (index % 2 === 1) mix.push({ text: offTopic[(index >> 1) % offTopic.length]!, expectAnswer: false });
  }
  return mix;
}
