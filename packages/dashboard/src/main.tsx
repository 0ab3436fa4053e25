// Entry of the dashboard: restores the session, then routes to the screens.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, refreshSession } from './api.js';
import { followLink, loginPath, navigate, useRoute } from './router.js';
import { Screen } from './screens.js';
import { session, type User } from './session.js';
import './styles.css';

const publicPaths = ['/login', '/register', '/verify'];

function useSession(): { user: User | null; ready: boolean } {
  const [state, setState] = useState({ user: session.user, ready: false });
  useEffect(() => {
    const unsubscribe = session.subscribe(() => setState({ user: session.user, ready: true }));
    (async () => {
      if (session.refreshToken && (await refreshSession())) {
        const me = await api.get<{ user: User }>('/auth/me').catch(() => null);
        if (me) session.setUser(me.user);
      }
      setState({ user: session.user, ready: true });
    })();
    return unsubscribe;
  }, []);
  return state;
}

function Header({ user }: { user: User }) {
  const logout = async () => {
    const refreshToken = session.refreshToken;
    if (refreshToken) await api.post('/auth/logout', { refreshToken }).catch(() => undefined);
    session.clear();
    navigate('/login', true);
  };
  return (
    <header class="top">
      <a class="brand" href="/app">
        Chat Buddy
      </a>
      <nav aria-label="Main">
        <a href="/app">Projects</a>
        {user.role === 'admin' && <a href="/app/users">Users</a>}
        {user.role === 'admin' && <a href="/app/audit">Audit log</a>}
      </nav>
      <span class="who">{user.email}</span>
      <button type="button" onClick={logout}>
        Log out
      </button>
    </header>
  );
}

function App() {
  const route = useRoute();
  const { user, ready } = useSession();
  const isPublic = publicPaths.includes(route.path);
  useEffect(() => {
    if (!ready) return;
    // The login screen brings the user back to this page once signed in.
    if (!user && !isPublic) navigate(loginPath(route), true);
    else if (user && isPublic) navigate('/', true);
  }, [ready, user, isPublic, route]);
  if (!ready) return <p aria-busy="true">Loading…</p>;
  if (!user || isPublic) return isPublic ? <Screen route={route} user={user} /> : null;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header user={user} />
      <main id="main" key={route.path}>
        <Screen route={route} user={user} />
      </main>
    </>
  );
}

document.addEventListener('click', followLink);
render(<App />, document.getElementById('app')!);
