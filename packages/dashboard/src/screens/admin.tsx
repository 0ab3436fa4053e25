// Admin screens: users (role and status) and the audit log.
import { useState } from 'preact/hooks';
import { api, query, type Page } from '../api.js';
import { Pager, usePaged } from '../paging.js';
import { session } from '../session.js';
import { Alert, Empty, formatDate, Notice, Title } from '../ui.js';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'user';
  status: 'active' | 'disabled';
  emailVerified: boolean;
  createdAt: string;
}

export function Users() {
  const paged = usePaged<UserRow>(
    (cursor) => api.get<Page<UserRow>>(`/users${query({ limit: 20, cursor })}`),
    [],
  );
  const [notice, setNotice] = useState('');
  const [rowError, setRowError] = useState<{ id: string; error: unknown } | null>(null);
  const change = async (user: UserRow, patch: Partial<Pick<UserRow, 'role' | 'status'>>) => {
    setRowError(null);
    setNotice('');
    try {
      const { user: updated } = await api.patch<{ user: UserRow }>(`/users/${user.id}`, patch);
      paged.setItems((items) => items.map((item) => (item.id === user.id ? updated : item)));
      setNotice(`${user.email}: ${patch.role ? `role ${patch.role}` : `status ${patch.status}`}.`);
    } catch (error) {
      setRowError({ id: user.id, error });
    }
  };
  return (
    <>
      <Title>Users</Title>
      {notice && <Notice>{notice}</Notice>}
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && <Empty>No users.</Empty>}
      <ul class="rows" aria-label="Users">
        {paged.items.map((user) => {
          const self = user.id === session.user?.id;
          return (
            <li key={user.id} class="row">
              <div>
                <strong>{user.name}</strong> <span>{user.email}</span>
                <span class="meta">
                  {user.emailVerified ? 'email verified' : 'email not verified'} · since{' '}
                  {formatDate(user.createdAt)}
                  {self ? ' · you' : ''}
                </span>
                {rowError?.id === user.id && <Alert error={rowError.error} />}
              </div>
              <div class="actions">
                <label class="visually-hidden" for={`role-${user.id}`}>
                  Role of {user.email}
                </label>
                <select
                  id={`role-${user.id}`}
                  value={user.role}
                  disabled={self}
                  onChange={(event) => change(user, { role: event.currentTarget.value as UserRow['role'] })}
                >
                  <option value="user">user</option>
                  <option value="admin">admin</option>
                </select>
                <label class="visually-hidden" for={`status-${user.id}`}>
                  Status of {user.email}
                </label>
                <select
                  id={`status-${user.id}`}
                  value={user.status}
                  disabled={self}
                  onChange={(event) =>
                    change(user, { status: event.currentTarget.value as UserRow['status'] })
                  }
                >
                  <option value="active">active</option>
                  <option value="disabled">disabled</option>
                </select>
              </div>
            </li>
          );
        })}
      </ul>
      <Pager paged={paged} label="Users" />
    </>
  );
}

interface AuditEntry {
  id: string;
  action: string;
  actorId: string | null;
  target: { type: 'user' | 'project'; id: string } | null;
  clientIp: string | null;
  details: Record<string, string | number | boolean | null>;
  createdAt: string;
}

const auditActions = [
  'login_succeeded',
  'login_failed',
  'refresh_token_reused',
  'api_key_rotated',
  'project_deleted',
  'user_role_changed',
  'user_status_changed',
] as const;

const words = (action: string) => action.replace(/_/g, ' ');

export function AuditLog() {
  const [action, setAction] = useState('');
  const paged = usePaged<AuditEntry>(
    (cursor) => api.get<Page<AuditEntry>>(`/audit${query({ limit: 50, cursor, action })}`),
    [action],
  );
  return (
    <>
      <Title>Audit log</Title>
      <div class="field">
        <label for="audit-action">Show</label>
        <select id="audit-action" value={action} onChange={(event) => setAction(event.currentTarget.value)}>
          <option value="">Every action</option>
          {auditActions.map((item) => (
            <option key={item} value={item}>
              {words(item)}
            </option>
          ))}
        </select>
      </div>
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && <Empty>Nothing recorded yet.</Empty>}
      <ul class="rows" aria-label="Audit entries">
        {paged.items.map((entry) => (
          <li key={entry.id} class="row" data-action={entry.action}>
            <div>
              <strong>{words(entry.action)}</strong>
              <span class="meta">
                {formatDate(entry.createdAt)} · by {entry.actorId ?? 'an operator or an unknown email'}
                {entry.clientIp ? ` from ${entry.clientIp}` : ''}
              </span>
              {entry.target && (
                <span class="meta">
                  {entry.target.type} {entry.target.id}
                </span>
              )}
              {Object.keys(entry.details).length > 0 && (
                <span class="meta">
                  {Object.entries(entry.details)
                    .map(([key, value]) => `${key}: ${value}`)
                    .join(' · ')}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
      <Pager paged={paged} label="Audit log" />
    </>
  );
}
