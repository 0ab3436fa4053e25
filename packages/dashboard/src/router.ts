// Client-side routes under /app, with the browser's history.
import { useEffect, useState } from 'preact/hooks';

export const base = '/app';
const listeners = new Set<() => void>();

/** The current route: the path after `/app` and the query parameters. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) || '/' : '/';
  return { path: path.replace(/\/+$/, '') || '/', params: new URLSearchParams(location.search) };
}

export function navigate(to: string, replace = false): void {
  const url = `${base}${to}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Matches `pattern` (`/projects/:id/documents`) against `path`; null when it does not fit. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const values: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index]!;
    if (part.startsWith(':')) values[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return values;
}

/** The `next` query of the login screen: where to return after signing in (`/app/…`). */
export function loginPath(route: Route): string {
  if (route.path === '/') return '/login';
  const query = route.params.toString();
  return `/login?next=${encodeURIComponent(`${base}${route.path}${query ? `?${query}` : ''}`)}`;
}

/**
 * The in-app path (after `/app`) to return to after signing in, or `/` when `next` is missing or
 * not a path of this app (another site, `//host`, `javascript:`…): never leaves the dashboard.
 */
export function returnPath(next: string | null): string {
  if (!next?.startsWith(`${base}/`)) return '/';
  let url: URL;
  try {
    url = new URL(next, location.origin);
  } catch {
    return '/';
  }
  if (url.origin !== location.origin || !url.pathname.startsWith(`${base}/`)) return '/';
  return `${url.pathname.slice(base.length)}${url.search}${url.hash}`;
}

/** Follows a click on an in-app link without reloading the page. */
export function followLink(event: MouseEvent): void {
  const link = (event.target as Element).closest?.('a');
  if (
    !link ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  const href = link.getAttribute('href');
  if (!href?.startsWith(`${base}/`) && href !== base) return;
  if (link.hasAttribute('download') || link.target) return;
  event.preventDefault();
  navigate(href.slice(base.length) || '/');
}
