import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * The shape of every generated `<Pack>Tools` interface (tool name → { input, output }). A mapped
 * type rather than an index signature, because interfaces do not satisfy index signatures.
 */
export type ToolTypes<Tools> = { [N in keyof Tools]: { input: object; output: object } };

/** Arguments may be left out only when the tool requires none. */
export type ToolArgs<Input> = {} extends Input
  ? [args?: Input, options?: RequestOptions]
  : [args: Input, options?: RequestOptions];

export interface TypedCaller<Tools extends ToolTypes<Tools>> {
  /** The tool's structuredContent, typed; throws ToolCallError when the tool reports an error. */
  call<N extends keyof Tools & string>(name: N, ...rest: ToolArgs<Tools[N]['input']>): Promise<Tools[N]['output']>;
  /** The whole result, `isError` included, for tests that look at errors or text content. */
  callRaw<N extends keyof Tools & string>(name: N, ...rest: ToolArgs<Tools[N]['input']>): Promise<CallToolResult>;
}

/** A tool call that came back with `isError: true` or without the structuredContent it owes. */
export class ToolCallError extends Error {
  readonly code: 'tool_error' | 'no_structured_content';

  constructor(
    readonly tool: string,
    readonly result: CallToolResult,
  ) {
    const text = toolText(result);
    const code = result.isError ? 'tool_error' : 'no_structured_content';
    super(
      code === 'tool_error'
        ? `Tool ${tool} failed: ${text || '(no error text)'}`
        : `Tool ${tool} returned no structuredContent${text ? `: ${text}` : ''}`,
    );
    this.name = 'ToolCallError';
    this.code = code;
  }
}

/**
 * Calls tools through an MCP client with the types generated for a pack, so that a wrong tool
 * name, a missing, mistyped or unknown argument, or a read of an output property the tool does
 * not declare fails to compile: `createTypedCaller<NotesTools>(client).call('list_notes', {})`.
 * Without a type argument no call compiles.
 */
export function createTypedCaller<Tools extends ToolTypes<Tools> = Record<never, never>>(
  client: Pick<Client, 'callTool'>,
): TypedCaller<Tools> {
  async function callRaw(name: string, args?: object, options?: RequestOptions): Promise<CallToolResult> {
    const params = { name, arguments: (args ?? {}) as Record<string, unknown> };
    // The default result schema is CallToolResultSchema; the declared type also admits the
    // pre-2024-11 `toolResult` shape, which that schema never lets through.
    return (await client.callTool(params, undefined, options)) as CallToolResult;
  }
  return {
    callRaw: (name, ...rest) => callRaw(name, ...rest),
    async call(name, ...rest) {
      const result = await callRaw(name, ...rest);
      if (result.isError || result.structuredContent === undefined) throw new ToolCallError(name, result);
      return result.structuredContent as Tools[typeof name]['output'];
    },
  };
}

function toolText(result: CallToolResult): string {
  return result.content
    .flatMap((item) => (item.type === 'text' ? [item.text] : []))
    .join('\n')
    .trim();
}
