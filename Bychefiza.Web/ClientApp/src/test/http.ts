import { vi } from 'vitest';

export interface Call {
  url: string;
  method: string;
  body?: string;
  headers: Record<string, string>;
}

export interface Answer {
  status?: number;
  body?: unknown;
}

/** A fetch stub answering by "METHOD path" (query ignored unless given); records every call. An answer may be a promise, to hold a response back. */
export function stubFetch(routes: Record<string, (call: Call) => Answer | Promise<Answer>>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const call: Call = { url: String(input), method: init.method ?? 'GET', body: init.body as string | undefined, headers: (init.headers ?? {}) as Record<string, string> };
    calls.push(call);
    const route = routes[`${call.method} ${url.pathname}${url.search}`] ?? routes[`${call.method} ${url.pathname}`];
    if (!route) return new Response(JSON.stringify({ title: 'Not found' }), { status: 404 });
    const answer = await route(call);
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}
