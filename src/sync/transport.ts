import { API_PREFIX } from '../core/protocol-basics';
import type { SyncResponse } from '../core/protocol';

/** The server could not be reached, or answered in a way worth retrying later. */
export class RetryLater extends Error {
  constructor(
    readonly reason: 'offline' | 'server_busy' | 'server_error',
    readonly retryAfterMs: number | null = null,
  ) {
    super(reason);
  }
}

/** The sign-in on this phone is no longer accepted: ask the person to sign in again. */
export class SignInNeeded extends Error {}

/** The server refused the request itself (not one change): a bug or a version mismatch. */
export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const COMPRESS_FROM_BYTES = 1024;

/**
 * POSTs JSON, gzip-compressed when the browser can (bytes cost money on prepaid data), and maps
 * the outcome to the three things the engine acts on: retry later, sign in again, or refused.
 */
export async function postJson<T>(path: string, body: unknown, token: string | null, fetcher: typeof fetch = fetch): Promise<T> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit = text;
  if (text.length >= COMPRESS_FROM_BYTES && typeof CompressionStream !== 'undefined') {
    payload = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
    headers['Content-Encoding'] = 'gzip';
  }
  let response: Response;
  try {
    response = await fetcher(`${API_PREFIX}${path}`, { method: 'POST', headers, body: payload, credentials: 'omit' });
  } catch {
    throw new RetryLater('offline');
  }
  if (response.ok) return readJson<T>(response);
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
  if (response.status === 401 || response.status === 429 || response.status >= 500) discardBody(response);
  if (response.status === 401) throw new SignInNeeded();
  if (response.status === 429 || response.status === 503) throw new RetryLater('server_busy', retryAfterMs);
  if (response.status >= 500) throw new RetryLater('server_error', retryAfterMs);
  const error = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  throw new RequestRefused(response.status, error?.error?.code ?? 'refused');
}

export async function getJson<T>(path: string, token: string, fetcher: typeof fetch = fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(`${API_PREFIX}${path}`, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' });
  } catch {
    throw new RetryLater('offline');
  }
  if (!response.ok) discardBody(response);
  if (response.status === 401) throw new SignInNeeded();
  if (!response.ok) throw new RetryLater('server_error');
  return readJson<T>(response);
}

/**
 * Lets go of an answer whose body will not be read. Left unread, the browser keeps the request
 * open until the answer is collected as garbage: the connection stays taken meanwhile.
 */
export function discardBody(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

/**
 * The body of a successful answer. One that cannot be read is a network failure like any other:
 * the connection broke halfway through it, or a Wi-Fi login page answered instead of the server.
 */
async function readJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new RetryLater('offline');
  }
}

export type { SyncResponse };

/** Retry-After as seconds or as an HTTP date (RFC 9110 allows both), in milliseconds from now. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isFinite(at) && at > nowMs ? at - nowMs : null;
}
