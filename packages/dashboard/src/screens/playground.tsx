// The playground: the real widget (/widget.js) on the project's publishable key, in a frame.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { type ProjectView, rememberPublishableKey } from '../project-types.js';
import { Alert, Field, submitWith, Title, useAction } from '../ui.js';
import { activePublishableKey } from './keys.js';
import type { ProjectScreenProps } from './project-shell.js';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function framePage(project: ProjectView, key: string): string {
  const origin = location.origin;
  const title = project.assistant.title ?? `${project.name} Assistant`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Playground</title>
<style>body{font:16px system-ui,sans-serif;margin:1rem;color:#1f2933}</style></head>
<body><main><p>This page stands in for your website.</p></main>
<script src="${escapeHtml(`${origin}/widget.js`)}" data-api-url="${escapeHtml(origin)}" data-api-key="${escapeHtml(key)}"
 data-title="${escapeHtml(title)}" data-open="true"></script></body></html>`;
}

export function Playground({ project, onChange }: ProjectScreenProps) {
  const [key, setKey] = useState(() => activePublishableKey(project));
  const [pasted, setPasted] = useState('');
  const [generation, setGeneration] = useState(0);
  const issue = useAction(async () => {
    const result = await api.post<{ apiKey: string }>(`/projects/${project.id}/rotate-key`, {
      kind: 'publishable',
      gracePeriodSeconds: 7 * 24 * 3600,
    });
    rememberPublishableKey(project.id, result.apiKey);
    setKey(result.apiKey);
    onChange(await api.get<ProjectView>(`/projects/${project.id}`));
  });
  const usePasted = useAction(async () => {
    const candidate = pasted.trim();
    if (
      !/^cb_pk_/.test(candidate) ||
      !project.keys.some((item) => item.kind === 'publishable' && candidate.startsWith(item.prefix))
    )
      throw new Error('This is not an active publishable key of this project (it starts with cb_pk_).');
    rememberPublishableKey(project.id, candidate);
    setKey(candidate);
  });
  const refused = project.allowedOrigins.length > 0 && !project.allowedOrigins.includes(location.origin);
  return (
    <>
      <Title>Playground</Title>
      <p>
        Ask the assistant what your visitors would ask. This is the real widget with your publishable key.
      </p>
      {refused && (
        <p class="alert" role="alert">
          The allowed origins of this project do not include {location.origin}: the widget cannot chat from
          here. Add it in Settings to try the assistant.
        </p>
      )}
      {key ? (
        <>
          <button type="button" onClick={() => setGeneration(generation + 1)}>
            Reload the widget
          </button>
          <iframe
            key={`${key}-${generation}`}
            class="playground"
            title="Widget playground"
            srcDoc={framePage(project, key)}
          />
        </>
      ) : (
        <section class="panel" aria-labelledby="playground-key">
          <h2 id="playground-key">A publishable key is needed</h2>
          <p>
            The dashboard only sees a key when it is issued. Paste the publishable key you copied, or issue a
            new one (the current one keeps working for 7 days).
          </p>
          <form noValidate onSubmit={submitWith(() => usePasted.run())}>
            <Field
              label="Publishable key"
              value={pasted}
              onInput={setPasted}
              error={usePasted.error ? (usePasted.error as Error).message : undefined}
            />
            <button type="submit">Use this key</button>
          </form>
          <Alert error={issue.error} />
          <button type="button" class="primary" onClick={() => issue.run()} disabled={issue.pending}>
            Issue a new publishable key
          </button>
        </section>
      )}
    </>
  );
}
