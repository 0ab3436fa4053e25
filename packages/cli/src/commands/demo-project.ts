import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError, ProjectRepository } from '@chatbuddy/core';
import { type ChatBuddy, readDemoProject, writeDemoProject } from '@chatbuddy/runtime';

/** The sample documents of the fictional shop (Markdown), shipped with the CLI. */
export const demoDocumentsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo');

export const demoProjectName = 'Tidewater Mug Co. (demo)';

export interface DemoProject {
  projectId: string;
  publishableKey: string;
  /** The secret key, only when the project was just created (it is never stored). */
  apiKey?: string;
  created: boolean;
}

async function uploadDemoDocuments(runtime: ChatBuddy, projectId: string): Promise<void> {
  const names = (await readdir(demoDocumentsDir)).filter((name) => name.endsWith('.md')).sort();
  for (const filename of names) {
    const bytes = new Uint8Array(await readFile(join(demoDocumentsDir, filename)));
    try {
      await runtime.documents.uploadFile(projectId, { filename, bytes, mimeType: 'text/markdown' });
    } catch (error) {
      // Already there from an earlier run: nothing to do.
      if (!(error instanceof DomainError && error.code === 'duplicate_document')) throw error;
    }
  }
}

/**
 * The demo project of this data folder: the one `DATA_DIR/demo.json` names while it still exists,
 * otherwise a new one owned by the service account (through the runtime facade). The record is
 * written only once the sample documents are indexed, so an interrupted run leaves no record.
 */
export async function ensureDemoProject(runtime: ChatBuddy): Promise<DemoProject> {
  const { dataDir } = runtime.config;
  const record = await readDemoProject(dataDir);
  if (record) {
    const project = await runtime.get<ProjectRepository>(ProjectRepository).findById(record.projectId);
    if (project) {
      await uploadDemoDocuments(runtime, project.id);
      return { ...record, created: false };
    }
  }
  const created = await runtime.projects.create({ name: demoProjectName });
  const projectId = created.project.id;
  await uploadDemoDocuments(runtime, projectId);
  await mkdir(dataDir, { recursive: true });
  await writeDemoProject(dataDir, { projectId, publishableKey: created.publishableKey });
  return { projectId, publishableKey: created.publishableKey, apiKey: created.apiKey, created: true };
}
