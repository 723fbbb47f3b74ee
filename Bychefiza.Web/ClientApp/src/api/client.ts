import { loadConfig } from '../config';

/** An RFC 7807 problem as the services answer it; `errors` holds validation field errors by JSON name. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `The request failed (${status}).`);
    this.status = status;
    this.problem = problem;
  }

  /** Field errors keyed by the API's JSON names, lower-camel-cased the way forms name their fields. */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key, messages] of Object.entries(this.problem.errors ?? {})) {
      const name = key
        .split('.')
        .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
        .join('.');
      result[name] = messages.join(' ');
    }
    return result;
  }
}

/** A human sentence for any failure, for the alert above a form or in place of a list. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many requests. Wait a moment and try again.';
    if (error.status === 403) return 'You are not allowed to do this.';
    return error.message;
  }
  if (error instanceof TypeError) return 'The shop could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

let baseUrl: Promise<string> | undefined;
let resolvedBase = '';

export function gatewayUrl(): Promise<string> {
  baseUrl ??= loadConfig().then((c) => (resolvedBase = c.gatewayUrl.replace(/\/$/, '')));
  return baseUrl;
}

/** For tests: point the client at a fixed gateway. */
export function setGatewayUrl(url: string) {
  resolvedBase = url;
  baseUrl = Promise.resolve(url);
}

/** An absolute address on the gateway for an image or link the API gave as a path (the app loads the config before it renders). */
export function assetUrl(path: string): string {
  return `${resolvedBase}${path}`;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One HTTP call to the gateway; JSON in and out; a non-2xx answer throws an ApiError with the problem body. */
export async function send<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const base = await gatewayUrl();
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText };
    const text = await response.text();
    if (text) {
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        // not JSON: keep the status line
      }
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204 || response.status === 202) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
