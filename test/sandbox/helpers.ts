import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type SandboxHandle, type StartSandboxOptions } from '../../sandbox/index.js';

/** A pinned "now" so seeded dates (renewals, overdue CTAs) are the same on every run. */
export const NOW = new Date('2026-03-16T12:00:00.000Z');
export const TODAY = '2026-03-16';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: {
    result: boolean;
    errorCode: string | null;
    errorDesc: string | null;
    requestId: string;
    data: T;
    message: string | null;
  };
}

export interface TestSandbox {
  handle: SandboxHandle;
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  /** POST /v1/data/objects/query/{object}, records or the error reply. */
  query<T = Record<string, any>>(object: string, body: unknown): Promise<Reply<{ records: T[] }>>;
}

/** One in-memory sandbox per test file, over real HTTP on an ephemeral loopback port. */
export function useSandbox(options: StartSandboxOptions = {}): TestSandbox {
  const box = {} as TestSandbox;
  beforeAll(async () => {
    box.handle = await startSandbox({ dataDir: 'memory://', now: NOW, accessKey: 'test-key', ...options });
  });
  afterAll(async () => {
    await box.handle?.close();
  });
  box.call = async (method, path, body, headers = {}) => {
    const response = await fetch(`${box.handle.url}${path}`, {
      method,
      headers: { accesskey: box.handle.accessKey, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Reply['body'] } as Reply<any>;
  };
  box.query = (object, body) => box.call('POST', `/v1/data/objects/query/${object}`, body);
  return box;
}

/** Records of a query that must succeed. */
export async function records<T = Record<string, any>>(box: TestSandbox, object: string, body: unknown): Promise<T[]> {
  const reply = await box.query<T>(object, body);
  if (reply.status !== 200) throw new Error(`query ${object} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.data.records;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const epochOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
