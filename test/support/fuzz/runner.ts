import type { FuzzRequest } from './requests';

/** Who sends a request: the headers that identify them. */
export interface Sender {
  name: string;
  headers: Record<string, string>;
}

export interface Outcome {
  request: FuzzRequest;
  sender: string;
  status: number;
  /** The reasons this answer breaks the contract; empty when it keeps it. */
  problems: string[];
  code?: string;
  message?: string;
  ms: number;
  text: string;
}

/**
 * Sends a request and checks the contract: no HTTP 5xx (a 503 with Retry-After is the
 * documented overload answer), a JSON body, no INTERNAL_SERVER_ERROR anywhere in `errors`.
 */
export async function send(baseUrl: string, request: FuzzRequest, sender: Sender): Promise<Outcome> {
  const started = performance.now();
  let status = 0;
  let text = '';
  let contentType = '';
  let retryAfter: string | null = null;
  try {
    const res = await fetch(`${baseUrl}${request.search}`, {
      method: request.method,
      headers: { ...request.headers, ...sender.headers },
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (error) {
    text = `fetch failed: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  const problems: string[] = [];
  let code: string | undefined;
  let message: string | undefined;
  if (status === 0) problems.push('no response');
  else if (status === 503 ? retryAfter === null : status >= 500) problems.push(`HTTP ${status}`);
  let json: { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> } | undefined;
  if (status !== 0 && status !== 431) {
    // 431 (headers or URL too large) is answered by Node itself, before express.
    try {
      json = JSON.parse(text);
      if (!/json/.test(contentType)) problems.push(`content-type ${contentType || 'none'}`);
    } catch {
      problems.push('not JSON');
    }
  }
  const errors = Array.isArray(json?.errors) ? json.errors : [];
  const internal = errors.find((e) => e?.extensions?.code === 'INTERNAL_SERVER_ERROR');
  if (internal) problems.push('INTERNAL_SERVER_ERROR');
  const first = internal ?? errors[0];
  if (first) {
    code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
    message = typeof first.message === 'string' ? first.message : JSON.stringify(first.message);
  } else if (problems.length) {
    message = text.slice(0, 200);
  }
  return { request, sender: sender.name, status, problems, code, message, ms, text };
}

/** Runs `work` over `items`, `concurrency` at a time, in order of start. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

/** A failure class: the same status, code and first message line (numbers and quoted text blurred). */
export function classOf(o: Outcome): string {
  const message = o.message ?? '';
  // A database error comes as "<the SQL> - <PostgreSQL's message>": the SQL differs every time.
  const sql = /^\s*(select|insert|update|delete|with)\b/i.test(message) ? message.slice(message.lastIndexOf(' - ') + 3) : undefined;
  const line = sql !== undefined ? `SQL error: ${sql}` : message.split('\n')[0];
  const blurred = line
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/got invalid value .*?(?=( at "…")?;)/, 'got invalid value …')
    .replace(/(date-time-string|cannot represent) .*$/, '$1 …')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
  return `${o.status} | ${o.code ?? '-'} | ${blurred}`;
}

function describe(o: Outcome): string {
  const r = o.request;
  const body = typeof r.body === 'string' ? r.body : r.body ? `<${r.body.length} bytes: ${r.body.subarray(0, 60).toString('hex')}>` : '';
  const shown = body.length > 600 ? `${body.slice(0, 600)}… (${body.length} chars)` : body;
  const headers = Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return `#${r.index} as ${o.sender} [${r.label}] ${r.method}${r.search ? ` ${r.search.length > 300 ? `${r.search.slice(0, 300)}…` : r.search}` : ''} {${headers}} ${shown}`;
}

/** The failures grouped by class, each with its count, senders, and its smallest request as a repro. */
export function summarize(failures: readonly Outcome[], seed: number, annotate?: (o: Outcome) => string | undefined): string {
  const groups = new Map<string, Outcome[]>();
  for (const f of failures) {
    const key = classOf(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rows = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  const lines = [
    `${failures.length} failing requests in ${rows.length} classes (FUZZ_SEED=${seed}; replay one with FUZZ_ONLY=<index>)`,
    '',
  ];
  lines.push('count | status | code | first message line | senders | indexes');
  for (const [key, list] of rows) {
    const senders = [...new Set(list.map((o) => o.sender))].join(',');
    lines.push(
      `${list.length} | ${key} | ${senders} | ${list
        .slice(0, 8)
        .map((o) => o.request.index)
        .join(',')}`,
    );
  }
  lines.push('', 'Smallest repro of each class:');
  for (const [key, list] of rows) {
    const size = (o: Outcome) =>
      (typeof o.request.body === 'string' ? o.request.body.length : (o.request.body?.length ?? 0)) + o.request.search.length;
    const smallest = [...list].sort((a, b) => size(a) - size(b))[0];
    lines.push(
      `- ${key}`,
      `    ${describe(smallest)}`,
      `    → ${smallest.problems.join(', ')}: ${smallest.text.slice(0, 300).replace(/\s+/g, ' ')}`,
    );
    const notes = [...new Set(list.map((o) => annotate?.(o)).filter((n): n is string => !!n))];
    if (notes.length) lines.push(`    the same requests in test mode: ${notes.slice(0, 5).join(' / ')}`);
  }
  return lines.join('\n');
}
