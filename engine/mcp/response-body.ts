import { Readable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The HTTP body of JSON-RPC responses. A result that never changes once built (the tools/list
 * answer, about 2 KiB per tool) is encoded once, when it is registered, and its bytes are sent
 * in every response instead of being serialized and UTF-8 encoded again on each request:
 * with a thousand tools that is 2.4 MB of JSON per tools/list.
 */
const encoded = new WeakMap<object, Buffer>();

/** Encode `result` once; it must not change afterwards (the registry's results never do). */
export function encodeOnce<T extends object>(result: T): T {
  encoded.set(result, Buffer.from(JSON.stringify(result), 'utf8'));
  return result;
}

/** The body's bytes in order; an encoded result is its own buffer, not a copy. */
export function responseChunks(responses: readonly JSONRPCMessage[], batch: boolean): Buffer[] {
  const parts: Buffer[] = [];
  responses.forEach((message, i) => {
    if (batch) parts.push(Buffer.from(i === 0 ? '[' : ','));
    const result = (message as { result?: unknown }).result;
    const bytes = typeof result === 'object' && result !== null ? encoded.get(result) : undefined;
    if (!bytes) {
      parts.push(Buffer.from(JSON.stringify(message), 'utf8'));
      return;
    }
    // {"jsonrpc":"2.0","id":…} without its closing brace, then the result's bytes: the same JSON
    // as JSON.stringify(message) up to the order of the members.
    const { result: _result, ...envelope } = message as JSONRPCMessage & { result: unknown };
    const head = JSON.stringify(envelope);
    parts.push(Buffer.from(`${head.slice(0, -1)},"result":`, 'utf8'), bytes, Buffer.from('}'));
  });
  if (batch) parts.push(Buffer.from(responses.length === 0 ? '[]' : ']'));
  return parts;
}

/**
 * What Koa sends: one buffer as it is; several as a stream of them, with their total length, so
 * that an encoded result goes to the socket from its one buffer. Joining them would allocate a
 * fresh copy per response, 2.4 MB per tools/list over 1,000 tools, which lives until a GC and
 * stays in malloc's heap after it (bench --scale, RSS after 20 tools/list calls: 46 → 13 MB of
 * heap; see README Performance).
 */
export function responseBody(responses: readonly JSONRPCMessage[], batch: boolean): { body: Buffer | Readable; length: number } {
  const parts = responseChunks(responses, batch);
  if (parts.length === 1) return { body: parts[0]!, length: parts[0]!.length };
  return { body: Readable.from(parts, { objectMode: false }), length: parts.reduce((n, p) => n + p.length, 0) };
}
