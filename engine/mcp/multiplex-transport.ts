import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

interface Pending {
  originalId: RequestId;
  resolve(message: JSONRPCMessage): void;
}

/**
 * Lets one long-lived SDK `Server` answer every HTTP request, instead of building a server and a
 * transport per request as the SDK's stateless examples do. Each incoming request gets a unique
 * internal id (two clients may both send id 1), and the response is routed back to the HTTP
 * exchange that is waiting for it with the client's own id restored. The endpoint stays
 * stateless (MCP 2025-06-18, transports §Streamable HTTP): no session, any replica can answer.
 */
export class MultiplexTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (!('id' in message) || ('method' in message)) return; // server notifications/requests: none are needed statelessly
    const pending = this.pending.get(message.id as number);
    if (!pending) return;
    this.pending.delete(message.id as number);
    pending.resolve({ ...message, id: pending.originalId } as JSONRPCMessage);
  }

  /**
   * Hand one JSON-RPC message to the server. Requests resolve with their response; notifications
   * and responses resolve at once with undefined. `signal` aborts a request the client gave up on.
   */
  dispatch(message: JSONRPCMessage, extra: { authInfo?: AuthInfo; requestId: string; signal?: AbortSignal }): Promise<JSONRPCMessage | undefined> {
    if (!('method' in message) || !('id' in message)) {
      this.onmessage?.(message, { authInfo: extra.authInfo });
      return Promise.resolve(undefined);
    }
    const internalId = this.nextId++;
    if (this.nextId > Number.MAX_SAFE_INTEGER - 1) this.nextId = 1;
    return new Promise((resolve) => {
      this.pending.set(internalId, { originalId: message.id, resolve });
      extra.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(internalId)) return;
          // MCP 2025-06-18, utilities §Cancellation: the handler's AbortSignal fires.
          this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: internalId, reason: 'client disconnected' } });
        },
        { once: true },
      );
      this.onmessage?.({ ...message, id: internalId }, { authInfo: extra.authInfo, requestInfo: { headers: { 'x-request-id': extra.requestId } } });
    });
  }
}
