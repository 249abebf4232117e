/** An HTTP error from the API, with the server's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The server refused: signed in but not allowed (403), or not signed in (401). */
  get denied(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The header the server checks on every state-changing request of a session. */
export const CSRF_HEADER = "x-csrf-token";

/**
 * The one typed fetch client of the app: same-origin JSON requests with the session cookie, the
 * CSRF header on state changes, and errors turned into {@link ApiError}. `fetchImpl` comes in so
 * the client can run anywhere.
 */
export class ApiClient {
  private csrfToken: string | null = null;

  constructor(private readonly fetchImpl: typeof fetch = (...a) => fetch(...a)) {}

  /** The session's CSRF token (an upload sent with XMLHttpRequest carries it too). */
  get csrf(): string | null {
    return this.csrfToken;
  }

  /** Set after signing in (the token comes back with the session) and cleared on sign-out. */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.request<T>("GET", qs ? `${path}?${qs}` : path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body ?? {});
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }

  /** POSTs a multipart form (a file upload); the browser sets its content type and boundary. */
  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.request<T>("POST", path, form);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    const isForm = typeof FormData !== "undefined" && body instanceof FormData;
    if (body !== undefined && !isForm) headers["content-type"] = "application/json";
    if (method !== "GET" && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    const response = await this.fetchImpl(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined ? { body: isForm ? (body as FormData) : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `http_${response.status}`,
        error?.message ?? `${method} ${path} answered ${response.status}`,
        path,
      );
    }
    return json as T;
  }
}

/** The app's client (same origin as the page). */
export const api = new ApiClient();
