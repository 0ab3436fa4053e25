import type { ChatBuddy } from '@chatbuddy/runtime';

/** Where a runner reports its progress (stderr in the CLI). */
export type Progress = (message: string) => void;
/** Four decimals, as reported. */
export const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** Uploads documents one by one through the product's upload use case; returns document id → source id. */
export async function ingest(
  runtime: ChatBuddy,
  projectId: string,
  documents: Array<{ sourceId: string; title: string; content: string }>,
  progress: Progress,
) {
  const bySource = new Map<string, string>();
  const started = performance.now();
  for (const [index, document] of documents.entries()) {
    try {
      const stored = await runtime.documents.upload(projectId, {
        title: (document.title || document.sourceId).slice(0, 200),
        content: document.content,
        metadata: { sourceId: document.sourceId },
      });
      bySource.set(stored.id, document.sourceId);
    } catch (error) {
      // Duplicates and empty texts exist in public datasets; they are reported, not fatal.
      progress(`skipped ${document.sourceId}: ${(error as Error).message}`);
    }
    if ((index + 1) % 500 === 0) progress(`indexed ${index + 1}/${documents.length} documents`);
  }
  await runtime.maintain();
  return { bySource, seconds: (performance.now() - started) / 1000 };
}
