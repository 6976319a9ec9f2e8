// Talks to the edge: bearer token, JSON, problem+json errors, and streamed turns.
import { session } from './session.js';

/** An error the user can read: the problem's detail, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem || null;
  }
}

/** The connection broke (offline, reset); what arrived before is kept by the caller. */
export class ConnectionLost extends Error {}

function headers(extra) {
  const result = { Accept: 'application/json', ...extra };
  const token = session.token();
  if (token) result.Authorization = `Bearer ${token}`;
  return result;
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // not JSON: fall back to the status line
  }
  if (response.status === 401 && session.token()) session.expired();
  const detail = (problem && (problem.detail || problem.title)) || `${response.status} ${response.statusText}`;
  return new ApiError(response.status, detail, problem);
}

/** fetch(path, init()); a 401 is tried once more with a refreshed token when there is one. */
async function call(path, init) {
  try {
    let response = await fetch(path, init());
    if (response.status === 401 && (await session.refresh())) response = await fetch(path, init());
    return response;
  } catch (e) {
    throw new ConnectionLost(e.message);
  }
}

async function send(method, path, body, extraHeaders) {
  const init = () => {
    // no-store: a character's ETag is its version, which a visibility change does not bump, so a
    // revalidated cached copy could show the old review status
    const result = { method, headers: headers(extraHeaders), cache: 'no-store' };
    if (body instanceof Blob || body instanceof ArrayBuffer) {
      result.body = body;
    } else if (body !== undefined) {
      result.headers['Content-Type'] = 'application/json';
      result.body = JSON.stringify(body);
    }
    return result;
  };
  const response = await call(path, init);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.blob();
}

export const api = {
  get: (path) => send('GET', path),
  post: (path, body, extra) => send('POST', path, body, extra),
  put: (path, body, extra) => send('PUT', path, body, extra),
  patch: (path, body) => send('PATCH', path, body),
  del: (path) => send('DELETE', path),
};

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A random UUID, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * POSTs and reads the answer as Server-Sent Events (EventSource cannot POST or send headers).
 * onEvent(name, data) is called for each event as it arrives. Resolves when the stream ends
 * with a `done` event; throws ApiError for an error answer and ConnectionLost when the
 * connection breaks or the stream ends early.
 */
export async function stream(path, body, { idempotencyKey, onEvent, signal, method = 'POST' } = {}) {
  const extra = { Accept: 'text/event-stream' };
  if (idempotencyKey) extra['Idempotency-Key'] = idempotencyKey;
  const init = () => {
    const result = { method, headers: headers(extra), signal };
    if (body !== undefined) {
      result.headers['Content-Type'] = 'application/json';
      result.body = JSON.stringify(body);
    }
    return result;
  };
  const response = await call(path, init);
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let done = false;
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = parseEvent(block);
        if (!event) continue;
        if (event.name === 'done') done = true;
        onEvent(event.name, event.data);
      }
    }
  } catch (e) {
    throw new ConnectionLost(e.message);
  }
  if (!done) throw new ConnectionLost('the stream ended before the reply was complete');
}

function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const fieldName = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (fieldName === 'event') name = value;
    else if (fieldName === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { name, data: JSON.parse(text) };
  } catch {
    return { name, data: text };
  }
}

/** Downloads an authenticated file (card exports). */
export async function download(path, filename) {
  const blob = await api.get(path);
  const url = URL.createObjectURL(blob instanceof Blob ? blob : new Blob([JSON.stringify(blob, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
