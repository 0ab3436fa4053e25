// Leads: search, filter by verification, CSV export, erase one.
import { useEffect, useState } from 'preact/hooks';
import { api, download, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import { Alert, Empty, formatDate, Notice, Title, useAction } from '../ui.js';
import type { ProjectScreenProps } from './project-shell.js';

interface LeadView {
  id: string;
  name: string;
  email: string;
  verifiedAt: string | null;
  messagesUsed: number;
  createdAt: string;
}

export function Leads({ project }: ProjectScreenProps) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [verified, setVerified] = useState('');
  const [erased, setErased] = useState('');
  const [rowError, setRowError] = useState<{ id: string; error: unknown } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const filter = { q, verified };
  const paged = usePaged<LeadView>(
    (cursor) =>
      api.get<Page<LeadView>>(`/projects/${project.id}/leads${query({ limit: 20, cursor, ...filter })}`),
    [project.id, q, verified],
  );
  const exporting = useAction(() =>
    download(`/projects/${project.id}/leads.csv${query(filter)}`, 'leads.csv'),
  );
  const erase = async (lead: LeadView) => {
    if (!confirm(`Erase ${lead.name} <${lead.email}> with their conversations? This cannot be undone.`))
      return;
    setRowError(null);
    try {
      await api.delete(`/projects/${project.id}/leads/${lead.id}`);
      setErased(`${lead.email} was erased.`);
      paged.reload();
    } catch (error) {
      setRowError({ id: lead.id, error });
    }
  };
  return (
    <>
      <Title>Leads</Title>
      {!project.assistant.leadCapture && (
        <p class="hint">
          Lead capture is off for this project: turn it on in{' '}
          <a href={`/app/projects/${project.id}/settings`}>Settings</a>.
        </p>
      )}
      <div class="filters">
        <div class="field">
          <label for="lead-search">Search names and emails</label>
          <input
            id="lead-search"
            type="search"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="lead-verified">Email</label>
          <select
            id="lead-verified"
            value={verified}
            onChange={(event) => setVerified(event.currentTarget.value)}
          >
            <option value="">Verified or not</option>
            <option value="true">Verified</option>
            <option value="false">Not verified</option>
          </select>
        </div>
        <button type="button" onClick={() => exporting.run()} disabled={exporting.pending}>
          {exporting.pending ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <Alert error={exporting.error} />
      {erased && <Notice>{erased}</Notice>}
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && (
        <Empty>{q || verified ? 'No lead matches this search.' : 'No leads yet.'}</Empty>
      )}
      <ul class="rows" aria-label="Leads">
        {paged.items.map((lead) => (
          <li key={lead.id} class="row">
            <div>
              <strong>{lead.name}</strong> <span>{lead.email}</span>
              <span class="meta">
                {lead.verifiedAt ? `verified ${formatDate(lead.verifiedAt)}` : 'not verified'} ·{' '}
                {lead.messagesUsed} messages · since {formatDate(lead.createdAt)}
              </span>
              {rowError?.id === lead.id && <Alert error={rowError.error} />}
            </div>
            <div class="actions">
              <button
                type="button"
                class="danger"
                aria-label={`Erase ${lead.email}`}
                onClick={() => erase(lead)}
              >
                Erase
              </button>
            </div>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Leads" />
    </>
  );
}
