import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The demo project `chatbuddy demo` keeps in `DATA_DIR/demo.json`: its id and its publishable key
 * only (publishable keys are public by design; the secret key is never written down).
 */
export interface DemoProjectRecord {
  projectId: string;
  publishableKey: string;
}

const recordSchema = z
  .object({
    projectId: z.string().regex(/^[0-9a-f-]{36}$/i),
    publishableKey: z.string().regex(/^cb_pk_[\w-]{8,200}$/),
  })
  .strip();

/** Where the demo record lives in a data folder. */
export function demoRecordPath(dataDir: string): string {
  return join(dataDir, 'demo.json');
}

/** The demo record of `dataDir`, or null when it is missing or not a valid record. */
export async function readDemoProject(dataDir: string): Promise<DemoProjectRecord | null> {
  let text: string;
  try {
    text = await readFile(demoRecordPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the demo record (id and publishable key only), atomically: never a half-written file. */
export async function writeDemoProject(dataDir: string, record: DemoProjectRecord): Promise<void> {
  const path = demoRecordPath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  const content = { projectId: record.projectId, publishableKey: record.publishableKey };
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
}
