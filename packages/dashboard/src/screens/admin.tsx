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
  createdAt?: string;
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
      const answer = await api.patch<{ user?: UserRow } & Partial<UserRow>>(`/users/${user.id}`, patch);
      const updated = { ...user, ...(answer.user ?? answer) };
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
                {user.createdAt && <span class="meta">since {formatDate(user.createdAt)}</span>}
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

type AuditEntry = Record<string, unknown> & { id: string; createdAt?: string; at?: string };

const describe = (entry: AuditEntry) =>
  String(entry.action ?? entry.type ?? entry.event ?? entry.kind ?? 'event').replace(/_/g, ' ');

export function AuditLog() {
  const paged = usePaged<AuditEntry>(
    (cursor) => api.get<Page<AuditEntry>>(`/audit${query({ limit: 50, cursor })}`),
    [],
  );
  return (
    <>
      <Title>Audit log</Title>
      <Alert error={paged.error} />
      {!paged.loading && !paged.error && paged.items.length === 0 && <Empty>Nothing recorded yet.</Empty>}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {paged.items.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate((entry.createdAt ?? entry.at) as string | undefined)}</td>
                <td>{describe(entry)}</td>
                <td>{String(entry.actorEmail ?? entry.actorId ?? entry.userId ?? '—')}</td>
                <td>
                  <code>{JSON.stringify(entry.details ?? entry.metadata ?? {})}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager paged={paged} label="Audit log" />
    </>
  );
}
