// Uploads in flight, kept outside the screens so that they go on while the owner works elsewhere.
import { useEffect, useState } from 'preact/hooks';
import { uploadFile } from './upload.js';

export interface UploadItem {
  id: number;
  projectId: string;
  name: string;
  size: number;
  progress: number;
  state: 'queued' | 'uploading' | 'indexing' | 'ready' | 'failed';
  message: string;
}

const items: UploadItem[] = [];
const listeners = new Set<() => void>();
const concurrency = 2;
let counter = 0;

function changed(): void {
  for (const listener of listeners) listener();
}

function update(item: UploadItem, patch: Partial<UploadItem>): void {
  Object.assign(item, patch);
  changed();
}

function pump(): void {
  while (
    items.filter((item) => item.state === 'uploading' || item.state === 'indexing').length < concurrency
  ) {
    const next = items.find((item) => item.state === 'queued');
    if (!next) return;
    const file = pending.get(next.id)!;
    pending.delete(next.id);
    update(next, { state: 'uploading' });
    uploadFile(`/projects/${next.projectId}/documents/file`, file, (fraction) =>
      update(next, { progress: fraction, state: fraction >= 1 ? 'indexing' : 'uploading' }),
    )
      .then((body) => {
        const document = body.document;
        update(next, {
          progress: 1,
          state: document.status === 'failed' ? 'failed' : 'ready',
          message:
            document.status === 'failed'
              ? (document.failureReason ?? 'Indexing failed.')
              : `${document.chunkCount} ${document.chunkCount === 1 ? 'chunk' : 'chunks'}`,
        });
      })
      .catch((error: Error) => update(next, { state: 'failed', message: error.message }))
      .finally(pump);
  }
}

const pending = new Map<number, File>();

/** Queues files of a project; at most two upload at a time. */
export function queueUploads(projectId: string, files: readonly File[]): void {
  for (const file of files) {
    const id = ++counter;
    pending.set(id, file);
    items.push({
      id,
      projectId,
      name: file.name,
      size: file.size,
      progress: 0,
      state: 'queued',
      message: '',
    });
  }
  changed();
  pump();
}

/** Forgets finished uploads of a project. */
export function clearFinished(projectId: string): void {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]!;
    if (item.projectId === projectId && (item.state === 'ready' || item.state === 'failed'))
      items.splice(index, 1);
  }
  changed();
}

export function useUploads(projectId: string): UploadItem[] {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((value) => value + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return items.filter((item) => item.projectId === projectId).map((item) => ({ ...item }));
}
