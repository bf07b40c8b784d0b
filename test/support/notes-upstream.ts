import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real upstream for the engine's own end-to-end tests: a notes API speaking an
 * `{ ok, data, error }` envelope, with a request log and fault injection (timeouts, 5xx, HTML
 * bodies, envelope errors on 200, 429, oversized bodies) so every upstream failure is exercised
 * over real HTTP.
 */
export type Fault = 'hang' | 'trickle' | '500' | 'html' | 'envelope-200' | 'envelope-400' | '429' | 'huge' | 'redirect' | '401';

export interface Note {
  id: string;
  title: string;
  text: string;
  project?: string;
  context: string;
  externalId?: string;
  locked?: boolean;
}

export interface LoggedRequest {
  method: string;
  /** The request target exactly as received, before any decoding or normalisation. */
  rawUrl: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface NotesUpstream {
  url: string;
  notes: Map<string, Note>;
  log: LoggedRequest[];
  /** Fail every request whose path starts with `prefix` the given way, until cleared. */
  fault(prefix: string, fault: Fault | undefined): void;
  close(): Promise<void>;
}

export async function startNotesUpstream(options: { apiKey?: string } = {}): Promise<NotesUpstream> {
  const apiKey = options.apiKey ?? 'dev-key';
  const notes = new Map<string, Note>();
  const seed: Note[] = [
    { id: 'n-1', title: 'Kick-off', text: 'Agenda and owners', project: 'p-1', context: 'Project' },
    { id: 'n-2', title: 'Retro', text: 'What went well', project: 'p-1', context: 'Project', locked: true },
    { id: 'n-3', title: 'Groceries', text: 'Milk', context: 'Personal' },
  ];
  for (const n of seed) notes.set(n.id, n);
  let next = 4;
  const log: LoggedRequest[] = [];
  const faults = new Map<string, Fault>();
  const hanging = new Set<ServerResponse>();
  let huge: Buffer | undefined;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { ok: false, error: { code, message } });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    log.push({ method: req.method ?? '', rawUrl: req.url ?? '', path: url.pathname, query: url.search, headers: req.headers, body });
    for (const [prefix, fault] of faults) {
      if (!url.pathname.startsWith(prefix)) continue;
      switch (fault) {
        case 'hang':
          hanging.add(res);
          return;
        case 'trickle': {
          // Headers at once, then one byte of body every 200 ms, never the end: each gap is well
          // inside undici's body timeout, so only the call's own deadline can stop it.
          hanging.add(res);
          res.writeHead(200, { 'content-type': 'application/json' });
          const drip = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(drip) : res.write(' ')), 200);
          res.once('close', () => clearInterval(drip));
          return;
        }
        case '500':
          return send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'stack trace: secret internals at db.query' } });
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html><body>Maintenance</body></html>');
        case 'envelope-200':
          return send(res, 200, { ok: false, error: { code: 'NOTE_LOCKED', message: 'Note <b>n-2</b> is locked by alice@example.com' } });
        case 'envelope-400':
          return fail(res, 400, 'INVALID_FIELD', 'Field "colour" is not a field of Note');
        case '429':
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
          return res.end(JSON.stringify({ ok: false, error: { code: 'RATE', message: 'slow down' } }));
        case 'huge':
          // Built once: 9 MiB of JSON per request would slow every test that shares this process.
          huge ??= Buffer.from(JSON.stringify({ ok: true, data: { items: [], padding: 'x'.repeat(9 * 1024 * 1024) } }));
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(huge);
        case 'redirect':
          res.writeHead(302, { location: 'http://example.com/' });
          return res.end();
        case '401':
          return fail(res, 401, 'AUTH', 'bad key');
      }
    }
    if (req.headers['x-api-key'] !== apiKey) return fail(res, 401, 'AUTH', 'Missing or wrong API key');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'api' || parts[1] !== 'notes') return fail(res, 404, 'NOT_FOUND', 'No such route');
    const id = parts[2];
    if (req.method === 'GET' && !id) {
      const project = url.searchParams.get('project');
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const items = [...notes.values()].filter((n) => !project || n.project === project).slice(0, limit);
      return send(res, 200, { ok: true, data: { items } });
    }
    if (req.method === 'POST' && id === 'search') {
      const q = String(body?.q ?? '').toLowerCase();
      const project = body?.project;
      const items = [...notes.values()].filter((n) => (!project || n.project === project) && (n.title.toLowerCase().includes(q) || n.text.toLowerCase().includes(q)));
      return send(res, 200, { ok: true, data: { items } });
    }
    if (req.method === 'GET' && id) {
      const note = notes.get(id);
      return note ? send(res, 200, { ok: true, data: note }) : fail(res, 404, 'NOT_FOUND', `No note ${id}`);
    }
    if (req.method === 'POST' && !id) {
      if (typeof body?.title !== 'string') return fail(res, 400, 'MISSING_FIELD', 'title is required');
      const existing = [...notes.values()].find((n) => body.externalId && n.externalId === body.externalId);
      if (existing) return send(res, 200, { ok: true, data: { id: existing.id, created: false } });
      const note: Note = { id: `n-${next++}`, title: body.title, text: String(body.text ?? ''), project: body.project as string | undefined, context: String(body.context), externalId: body.externalId as string | undefined };
      notes.set(note.id, note);
      return send(res, 201, { ok: true, data: { id: note.id, created: true } });
    }
    if (req.method === 'PUT' && id) {
      const note = notes.get(id);
      if (!note) return fail(res, 404, 'NOT_FOUND', `No note ${id}`);
      if (note.locked) return fail(res, 409, 'NOTE_LOCKED', `Note ${id} is locked`);
      Object.assign(note, body);
      return send(res, 200, { ok: true, data: note });
    }
    if (req.method === 'DELETE' && id) {
      notes.delete(id);
      return send(res, 200, { ok: true, data: { id } });
    }
    return fail(res, 405, 'METHOD', 'Method not allowed');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: { code: 'BUG', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notes,
    log,
    fault(prefix, fault) {
      if (fault) faults.set(prefix, fault);
      else faults.delete(prefix);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
