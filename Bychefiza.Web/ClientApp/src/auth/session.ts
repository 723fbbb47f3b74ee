import { ApiError, send, type RequestOptions } from '../api/client';
import type { TokenPair } from '../api/types';

/**
 * The signed-in session. The access token lives in this module's memory only (never in storage, a URL
 * or a log). The rotating refresh token is kept in localStorage so a reload stays signed in; every tab
 * shares it, and removing it (sign-out, or a refresh that failed) signs every tab out through the
 * `storage` event.
 */
export const refreshKey = 'bychefiza.refresh';

type Listener = (signedIn: boolean) => void;

let accessToken: string | undefined;
let expiresAt = 0;
let refreshing: Promise<string | undefined> | undefined;
const listeners = new Set<Listener>();

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  const signedIn = hasSession();
  listeners.forEach((l) => l(signedIn));
}

export function hasSession(): boolean {
  return !!accessToken || !!localStorage.getItem(refreshKey);
}

export function start(pair: TokenPair) {
  accessToken = pair.accessToken;
  // Refresh a little before the token expires, so a request rarely meets a 401.
  expiresAt = Date.now() + Math.max(pair.expiresIn - 30, 5) * 1000;
  localStorage.setItem(refreshKey, pair.refreshToken);
  notify();
}

export function end() {
  accessToken = undefined;
  expiresAt = 0;
  localStorage.removeItem(refreshKey);
  notify();
}

/** Another tab signed out or refreshed: follow it. */
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== refreshKey) return;
    if (!event.newValue) {
      accessToken = undefined;
      expiresAt = 0;
      notify();
    } else {
      // The other tab rotated the refresh token; our access token stays valid until it expires.
    }
  });
}

/** One refresh at a time: concurrent callers share it, so a token is rotated once per expiry. */
export function refresh(): Promise<string | undefined> {
  refreshing ??= (async () => {
    const token = localStorage.getItem(refreshKey);
    if (!token) {
      end();
      return undefined;
    }
    try {
      const pair = await send<TokenPair>('/api/auth/refresh', { method: 'POST', body: { refreshToken: token } });
      start(pair);
      return pair.accessToken;
    } catch (error) {
      // Refused (expired, revoked, reused): sign out everywhere. A network failure keeps the session.
      if (error instanceof ApiError) end();
      throw error;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

export async function currentToken(): Promise<string | undefined> {
  if (accessToken && Date.now() < expiresAt) return accessToken;
  if (!localStorage.getItem(refreshKey)) return undefined;
  return refresh();
}

/** A call as the signed-in person: the token is attached, and a 401 refreshes once and retries once. */
export async function authed<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = await currentToken();
  if (!token) throw new ApiError(401, { status: 401, title: 'Please sign in.' });
  try {
    return await send<T>(path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    const renewed = await refresh();
    if (!renewed) throw error;
    return send<T>(path, { ...options, token: renewed });
  }
}

export async function signOut() {
  const token = localStorage.getItem(refreshKey);
  end();
  if (token) {
    try {
      await send('/api/auth/logout', { method: 'POST', body: { refreshToken: token } });
    } catch {
      // the session is gone here either way
    }
  }
}

/** For tests. */
export function reset() {
  accessToken = undefined;
  expiresAt = 0;
  refreshing = undefined;
}
