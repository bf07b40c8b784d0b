/**
 * One error family for everything the gateway refuses or fails at, shaped after oidc-provider's:
 * a stable string `code`, an HTTP `status`, and `expose` saying whether the message may reach the
 * caller. What is not exposed becomes a generic error with a request id; the detail goes to the log.
 */
export class ToolgateError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  /** Extra response headers (e.g. `Allow` on 405, `WWW-Authenticate` on 401). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, message: string, options: { status?: number; expose?: boolean; cause?: unknown; headers?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends ToolgateError {
  constructor(message: string, code = 'bad_request') {
    super(code, message, { status: 400 });
  }
}

export class ForbiddenError extends ToolgateError {
  constructor(message: string, code = 'forbidden') {
    super(code, message, { status: 403 });
  }
}

export class NotFoundError extends ToolgateError {
  constructor(message = 'Not found') {
    super('not_found', message, { status: 404 });
  }
}

export class MethodNotAllowedError extends ToolgateError {
  constructor(allow: string[]) {
    super('method_not_allowed', `Method not allowed; use ${allow.join(', ')}.`, { status: 405, headers: { Allow: allow.join(', ') } });
  }
}

/** Raised at start-up when the manifests cannot be served; carries the located diagnostics' text. */
export class ConfigurationError extends ToolgateError {
  constructor(message: string, cause?: unknown) {
    super('configuration_error', message, { status: 500, expose: false, cause });
  }
}
