// Documents: drag-and-drop upload with per-file progress, search by title, reindex, delete.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import { Alert, Empty, formatDate, Title } from '../ui.js';
import { clearFinished, queueUploads, type UploadItem, useUploads } from '../uploads.js';
import type { ProjectScreenProps } from './project-shell.js';

interface DocumentView {
  id: string;
  title: string;
  filename: string | null;
  status: 'pending' | 'indexing' | 'ready' | 'failed';
  failureReason: string | null;
  chunkCount: number;
  sizeBytes: number;
  updatedAt: string;
}

const stateText: Record<UploadItem['state'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  indexing: 'Indexing',
  ready: 'Ready',
  failed: 'Failed',
};

function UploadList({ projectId, uploads }: { projectId: string; uploads: UploadItem[] }) {
  if (uploads.length === 0) return null;
  const busy = uploads.some((item) => !['ready', 'failed'].includes(item.state));
  return (
    <section class="panel" aria-labelledby="uploads-heading">
      <h2 id="uploads-heading">Uploads</h2>
      <ul class="uploads">
        {uploads.map((item) => (
          <li key={item.id} class={`upload ${item.state}`} data-file={item.name}>
            <span class="upload-name">{item.name}</span>
            <progress max={1} value={item.progress} aria-label={`${item.name} upload progress`} />
            <span class="upload-state" role="status">
              {stateText[item.state]}
              {item.message ? `: ${item.message}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {!busy && (
        <button type="button" onClick={() => clearFinished(projectId)}>
          Clear finished uploads
        </button>
      )}
    </section>
  );
}

export function Documents({ project }: ProjectScreenProps) {
  const [search, setSearch] = useState('');
  const [title, setTitle] = useState('');
  const [dragging, setDragging] = useState(false);
  const [rowError, setRowError] = useState<{ id: string; error: unknown } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const timer = setTimeout(() => setTitle(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const paged = usePaged<DocumentView>(
    (cursor) =>
      api.get<Page<DocumentView>>(`/projects/${project.id}/documents${query({ limit: 20, cursor, title })}`),
    [project.id, title],
  );
  const unfinished = paged.items.some((item) => item.status === 'pending' || item.status === 'indexing');
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(paged.reload, 2000);
    return () => clearInterval(timer);
  }, [unfinished]);
  // Uploads outlive this screen; whenever one of them finishes, the list shows its document.
  const uploads = useUploads(project.id);
  const finished = uploads.filter((item) => item.state === 'ready' || item.state === 'failed').length;
  useEffect(() => {
    if (finished > 0) paged.reload();
  }, [finished]);
  const add = (files: FileList | null) => files && files.length > 0 && queueUploads(project.id, [...files]);
  const act = async (id: string, work: () => Promise<unknown>) => {
    setRowError(null);
    try {
      await work();
      paged.reload();
    } catch (error) {
      setRowError({ id, error });
    }
  };
  return (
    <>
      <Title>Documents</Title>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; “Choose files” does the same from the keyboard. */}
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          add(event.dataTransfer?.files ?? null);
        }}
      >
        <p>Drop files here: PDF, Word (docx), Markdown, text, HTML, CSV or JSON.</p>
        <input
          id="document-files"
          ref={input}
          class="visually-hidden"
          type="file"
          multiple
          accept=".pdf,.docx,.md,.markdown,.txt,.html,.htm,.csv,.json"
          onChange={(event) => {
            add(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
        <label class="button" for="document-files">
          Choose files
        </label>
      </div>
      <UploadList projectId={project.id} uploads={uploads} />
      <div class="field search">
        <label for="document-search">Search by title</label>
        <input
          id="document-search"
          type="search"
          value={search}
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
      </div>
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && (
        <Empty>
          {title
            ? `No document title contains “${title}”.`
            : 'No documents yet. Upload files to teach the assistant.'}
        </Empty>
      )}
      <ul class="rows" aria-label="Documents">
        {paged.items.map((item) => (
          <li key={item.id} class="row" data-status={item.status}>
            <div>
              <strong>{item.title}</strong>
              <span class="meta">
                {item.filename ?? 'text'} · {(item.sizeBytes / 1024).toFixed(1)} KB · {item.chunkCount}{' '}
                {item.chunkCount === 1 ? 'chunk' : 'chunks'}· updated {formatDate(item.updatedAt)}
              </span>
              <span class={`status ${item.status}`}>{item.status}</span>
              {item.failureReason && <span class="error">Failed: {item.failureReason}</span>}
              {rowError?.id === item.id && <Alert error={rowError.error} />}
            </div>
            <div class="actions">
              <button
                type="button"
                aria-label={`Reindex ${item.title}`}
                onClick={() =>
                  act(item.id, () => api.post(`/projects/${project.id}/documents/${item.id}/reindex`))
                }
              >
                Reindex
              </button>
              <button
                type="button"
                class="danger"
                aria-label={`Delete ${item.title}`}
                onClick={() =>
                  confirm(`Delete “${item.title}”?`) &&
                  act(item.id, () => api.delete(`/projects/${project.id}/documents/${item.id}`))
                }
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Documents" />
    </>
  );
}
