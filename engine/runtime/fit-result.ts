import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toolError } from './call-tool.js';

/**
 * Keep every result under the service's size limit (64 KiB by default). A list named by the
 * manifest's `response.truncate` is cut to the longest prefix that fits, and a `truncated` note
 * tells the model how many items it did not see and how to get them. The same JSON is sent as
 * text for clients that ignore structuredContent (MCP 2025-06-18, tools §Structured content).
 */
export interface FitOptions {
  /** Output property holding the list that may be cut. */
  truncate?: string;
  maxBytes: number;
  /** Offset the call started at, when the tool pages with an offset argument. */
  offset?: number;
}

export function fitResult(structured: Record<string, unknown>, options: FitOptions): CallToolResult {
  const { truncate, maxBytes } = options;
  const text = JSON.stringify(structured);
  if (Buffer.byteLength(text) <= maxBytes) return ok(structured, text);
  const list = truncate ? structured[truncate] : undefined;
  if (!Array.isArray(list)) {
    return toolError(`The answer is ${Math.ceil(Buffer.byteLength(text) / 1024)} KiB, over the ${Math.floor(maxBytes / 1024)} KiB limit. Ask for less: fewer records, fewer fields or a narrower filter.`);
  }
  const withCount = (count: number) => {
    const cut: Record<string, unknown> = {
      ...structured,
      [truncate!]: list.slice(0, count),
      truncated: {
        returned: count,
        omitted: list.length - count,
        ...(options.offset !== undefined ? { nextOffset: options.offset + count } : {}),
        note:
          `Only the first ${count} of ${list.length} ${truncate} fit in the ${Math.floor(maxBytes / 1024)} KiB result limit. ` +
          (options.offset !== undefined ? `Call again with offset ${options.offset + count} for the rest, or ask for fewer fields.` : 'Ask for fewer fields or a narrower filter to see the rest.'),
      },
    };
    return { cut, text: JSON.stringify(cut) };
  };
  let low = 0;
  let high = list.length - 1;
  let best = withCount(0);
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const attempt = withCount(mid);
    if (Buffer.byteLength(attempt.text) <= maxBytes) {
      best = attempt;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (Buffer.byteLength(best.text) > maxBytes) {
    return toolError(`The answer is over the ${Math.floor(maxBytes / 1024)} KiB limit even without any ${truncate}. Ask for fewer fields.`);
  }
  return ok(best.cut, best.text);
}

function ok(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}
