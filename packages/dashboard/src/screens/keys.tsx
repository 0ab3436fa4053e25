// Keys: shown once when issued, rotation with a grace period, and the widget snippet.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import {
  issuedKeys,
  type ProjectView,
  rememberedPublishableKey,
  rememberPublishableKey,
} from '../project-types.js';
import { Alert, CopyButton, formatDate, submitWith, Title, useAction } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';

type Issued = { kind: 'secret' | 'publishable'; key: string };

const graceOptions = [
  ['0', 'None: the old key stops at once'],
  ['3600', '1 hour'],
  ['86400', '24 hours'],
  ['604800', '7 days'],
] as const;

/** The publishable key the dashboard remembers, if it is still one of the project's active keys. */
export function activePublishableKey(project: ProjectView): string | null {
  const key = rememberedPublishableKey(project.id);
  const active = project.keys.some((item) => item.kind === 'publishable' && key?.startsWith(item.prefix));
  return key && active ? key : null;
}

function IssuedKeys({ keys }: { keys: Issued[] }) {
  return (
    <section class="panel issued" aria-labelledby="issued-keys">
      <h2 id="issued-keys">Your new keys</h2>
      <p>
        <strong>Copy them now: they are shown only once.</strong> The secret key can manage documents; keep it
        on your server. The publishable key is for the widget on public pages.
      </p>
      {keys.map((item) => (
        <div class="key" key={item.key}>
          <span>{item.kind === 'secret' ? 'Secret key' : 'Publishable key'}</span>
          <code data-kind={item.kind}>{item.key}</code>
          <CopyButton text={item.key} label={`Copy the ${item.kind} key`} />
        </div>
      ))}
    </section>
  );
}

export function Keys({ project, onChange }: ProjectScreenProps) {
  const [issued, setIssued] = useState<Issued[]>(() => issuedKeys.get(project.id) ?? []);
  const [kind, setKind] = useState<'secret' | 'publishable'>('secret');
  const [grace, setGrace] = useState('0');
  const [snippet, setSnippet] = useState('');
  useEffect(() => {
    issuedKeys.delete(project.id);
  }, [project.id]);
  useEffect(() => {
    api
      .get<{ snippet: string }>(`/projects/${project.id}/widget`)
      .then((widget) => {
        const key = activePublishableKey(project);
        setSnippet(
          key ? widget.snippet.replace(/data-api-key="[^"]*"/, `data-api-key="${key}"`) : widget.snippet,
        );
      })
      .catch(() => setSnippet(''));
  }, [project]);
  const rotate = useAction(async () => {
    const result = await api.post<{ kind: Issued['kind']; apiKey: string }>(
      `/projects/${project.id}/rotate-key`,
      {
        kind,
        gracePeriodSeconds: Number(grace),
      },
    );
    if (result.kind === 'publishable') rememberPublishableKey(project.id, result.apiKey);
    setIssued([{ kind: result.kind, key: result.apiKey }]);
    onChange(await api.get<ProjectView>(`/projects/${project.id}`));
  });
  return (
    <>
      <Title>Keys</Title>
      {issued.length > 0 && <IssuedKeys keys={issued} />}
      <section class="panel" aria-labelledby="active-keys">
        <h2 id="active-keys">Active keys</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Stops working</th>
              </tr>
            </thead>
            <tbody>
              {project.keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.kind}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{formatDate(key.createdAt)}</td>
                  <td>{key.expiresAt ? formatDate(key.expiresAt) : 'Never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <form
        noValidate
        class="panel"
        aria-labelledby="rotate-heading"
        onSubmit={submitWith(() => rotate.run())}
      >
        <h2 id="rotate-heading">Rotate a key</h2>
        <div class="field">
          <label for="rotate-kind">Key</label>
          <select
            id="rotate-kind"
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as Issued['kind'])}
          >
            <option value="secret">Secret key</option>
            <option value="publishable">Publishable key</option>
          </select>
        </div>
        <div class="field">
          <label for="rotate-grace">Grace period for the old key</label>
          <select id="rotate-grace" value={grace} onChange={(event) => setGrace(event.currentTarget.value)}>
            {graceOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Alert error={rotate.error} />
        <button type="submit" class="primary" disabled={rotate.pending}>
          {rotate.pending ? 'Rotating…' : 'Rotate key'}
        </button>
      </form>
      <section class="panel" aria-labelledby="snippet-heading">
        <h2 id="snippet-heading">Widget snippet</h2>
        <p>Paste it before the closing body tag of your site.</p>
        {!activePublishableKey(project) && (
          <p class="hint">
            The dashboard does not know the publishable key: rotate it to put a working key here.
          </p>
        )}
        <pre>
          <code>{snippet || 'Loading the snippet…'}</code>
        </pre>
        {snippet && <CopyButton text={snippet} label="Copy the snippet" />}
      </section>
    </>
  );
}
