import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

export { canonicalJson };

/** `sha256:<hex>` of the canonical JSON: the same arguments always give the same digest. */
export function argumentsDigest(args: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(args ?? {})).digest('hex')}`;
}
