// The signed-in session. The access token lives in memory only; the refresh token in this tab's
// sessionStorage, so a reload keeps the session and closing the tab ends it
// (docs/decisions/0018-dashboard.md explains the choice).

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'user';
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  user?: User;
}

const refreshKey = 'chatbuddy.dashboard.refresh';
let accessToken: string | null = null;
let currentUser: User | null = null;
/** The session was ended by the server (refresh token revoked or expired), not by signing out. */
let endedByServer = false;
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const session = {
  get accessToken(): string | null {
    return accessToken;
  },
  get user(): User | null {
    return currentUser;
  },
  get refreshToken(): string | null {
    return storage()?.getItem(refreshKey) ?? null;
  },
  /** True after the server ended the session, until the next sign-in (the login screen says why). */
  get ended(): boolean {
    return endedByServer;
  },
  /** Keeps a fresh token pair (and the user, when the answer names one). */
  store(tokens: Tokens): void {
    accessToken = tokens.accessToken;
    endedByServer = false;
    storage()?.setItem(refreshKey, tokens.refreshToken);
    if (tokens.user) currentUser = tokens.user;
    for (const listener of listeners) listener();
  },
  setUser(user: User): void {
    currentUser = user;
    for (const listener of listeners) listener();
  },
  /** Forgets every token of this tab because the server no longer accepts them. */
  end(): void {
    endedByServer = true;
    session.clear();
  },
  /** Forgets every token of this tab. */
  clear(): void {
    accessToken = null;
    currentUser = null;
    storage()?.removeItem(refreshKey);
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
