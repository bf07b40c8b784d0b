import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

const MAX_FORM_BYTES = 16 * 1024;

/** Reads an application/x-www-form-urlencoded body (the login and consent forms), capped in size. */
export async function readForm(ctx: Context): Promise<URLSearchParams | undefined> {
  if (!ctx.is('application/x-www-form-urlencoded')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The forms' CSRF token: an HMAC of the interaction id under a server key. A forged cross-site
 * post fails three ways: it cannot know the token, the SameSite=Lax interaction cookie is not
 * sent with it, and its Origin is not ours.
 */
export function csrfToken(key: Buffer, uid: string): string {
  return createHmac('sha256', key).update(`toolgate-interaction:${uid}`).digest('base64url');
}

export function csrfValid(key: Buffer, uid: string, presented: string | null): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfToken(key, uid));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
