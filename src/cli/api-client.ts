import type { CliConnection } from './cli-config.js';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes.js';

export type Query = Record<string, string | number | boolean | undefined>;

/** The API's one error shape: `{"error": {"code", "message", "details"}}`. */
interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { fields?: Array<{ field: string; message: string }> } & Record<string, unknown> };
}

/** Each request gives up after this long; a sync is followed by polling, never by a long request. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The API over HTTP, as the CLI sees it: JSON in, JSON (or CSV) out, errors as CliError. */
export class ApiClient {
  constructor(private readonly connection: CliConnection) {}

  get baseUrl(): string {
    return this.connection.url;
  }

  async json<T>(method: string, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
    const response = await this.send(method, path, { ...options, accept: 'application/json' });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async text(path: string, accept: string, query?: Query): Promise<string> {
    const response = await this.send('GET', path, { accept, ...(query ? { query } : {}) });
    return response.text();
  }

  private async send(method: string, path: string, options: { body?: unknown; query?: Query; accept: string }): Promise<Response> {
    const url = new URL(`${this.connection.url}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}`, accept: options.accept };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CliError(`cannot reach the API at ${this.connection.url} (${networkReason(error)})`, EXIT.unreachable);
    }
    if (response.ok) return response;
    throw await apiFailure(method, url, response);
  }
}

async function apiFailure(method: string, url: URL, response: Response): Promise<CliError> {
  const text = await response.text();
  let body: ApiErrorBody | undefined;
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code ?? `http_${response.status}`;
  const message = body?.error?.message ?? (text.slice(0, 200) || response.statusText);
  // A validation error names each bad field; say what is wrong with each, not only which.
  const fields = body?.error?.details?.fields;
  const problems = Array.isArray(fields) ? fields.map((field) => `\n  ${field.field}: ${field.message}`).join('') : '';
  return new CliError(
    `${method} ${url.pathname} → ${response.status} ${code}: ${message}${problems}`,
    exitCodeForStatus(response.status),
    body?.error ?? { status: response.status },
  );
}

/** fetch() wraps the socket error; its cause says what really happened (ECONNREFUSED, ENOTFOUND, timeout). */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
