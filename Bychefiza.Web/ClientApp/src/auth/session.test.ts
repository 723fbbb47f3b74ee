import { describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test/http';
import { authed, onSessionChange, refreshKey, start } from './session';

/** Moves the clock past the access token's refresh point. */
const later = () => {
  const now = Date.now() + 3_600_000;
  vi.spyOn(Date, 'now').mockReturnValue(now);
};

const pair = (n: number, expiresIn = 900) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: 'Bearer', expiresIn });

describe('session', () => {
  it('keeps the access token out of storage and the refresh token in it', () => {
    start(pair(1));
    expect(localStorage.getItem(refreshKey)).toBe('refresh-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
  });

  it('refreshes once for concurrent calls after the token expired, then uses the new token', async () => {
    let refreshes = 0;
    const calls = stubFetch({
      'POST /api/auth/refresh': () => ({ body: pair(2 + refreshes++) }),
      'GET /api/orders': () => ({ body: { items: [] } }),
    });
    start(pair(1));
    later();
    await Promise.all([authed('/api/orders'), authed('/api/orders'), authed('/api/orders')]);
    expect(refreshes).toBe(1);
    const orderCalls = calls.filter((c) => c.url.endsWith('/api/orders'));
    expect(orderCalls).toHaveLength(3);
    orderCalls.forEach((c) => expect(c.headers.Authorization).toBe('Bearer access-2'));
    expect(localStorage.getItem(refreshKey)).toBe('refresh-2');
  });

  it('refreshes and retries once when the API answers 401', async () => {
    let first = true;
    stubFetch({
      'POST /api/auth/refresh': () => ({ body: pair(2) }),
      'GET /api/auth/me': (call) => {
        if (first) {
          first = false;
          return { status: 401, body: { title: 'expired' } };
        }
        return { body: { email: 'a@b.c', auth: call.headers.Authorization } };
      },
    });
    start(pair(1));
    const me = await authed<{ auth: string }>('/api/auth/me');
    expect(me.auth).toBe('Bearer access-2');
  });

  it('signs out everywhere when the refresh is refused', async () => {
    stubFetch({
      'POST /api/auth/refresh': () => ({ status: 401, body: { title: 'The refresh token is not valid.' } }),
    });
    const seen: boolean[] = [];
    const stop = onSessionChange((signedIn) => seen.push(signedIn));
    start(pair(1));
    later();
    await expect(authed('/api/orders')).rejects.toThrow('The refresh token is not valid.');
    expect(localStorage.getItem(refreshKey)).toBeNull();
    expect(seen.at(-1)).toBe(false);
    stop();
  });
});
