/**
 * The page side of the JSON API: every failure arrives as the server's structured error
 * ({status, code, message, field?, fix?}), or as one that says the server did not answer.
 */
export interface ErrorDetail {
  status: number;
  code: string;
  message: string;
  field?: string;
  fix?: string;
}

export class ApiFailure extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(detail.message);
    this.name = 'ApiFailure';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiFailure({
      status: 0,
      code: 'no_answer',
      message: 'the verdict server did not answer',
      fix: "check that 'verdict serve' is still running",
    });
  }
  if (response.ok) return response;
  let detail: ErrorDetail = {
    status: response.status,
    code: 'http',
    message: `the server answered ${response.status} ${response.statusText}`,
  };
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    const body = (await response.json().catch(() => null)) as { error?: ErrorDetail } | null;
    if (body?.error) detail = body.error;
  }
  throw new ApiFailure(detail);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request(path, signal ? { signal } : {})).json()) as T;
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as T;
}

/** "message; fix" as one sentence for a message box. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure)
    return `${error.detail.message}${error.detail.fix ? `. ${capitalise(error.detail.fix)}.` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
