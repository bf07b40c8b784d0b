import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:26rem;margin:8vh auto;background:#fff;border-radius:.6rem;padding:2rem;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 1rem}
p,li{margin:.4rem 0}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #9aa3b2;border-radius:.3rem;font:inherit}
button{font:inherit;padding:.55rem 1.1rem;border-radius:.3rem;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;cursor:pointer;margin:1rem .5rem 0 0}
button.secondary{background:#fff;color:#1f5fbf}
.error{background:#fdecea;border:1px solid #e0a19a;padding:.6rem;border-radius:.3rem}
.muted{color:#5b6474;font-size:.9rem}
code{font-size:.9em;background:#eef0f4;padding:.05rem .3rem;border-radius:.2rem}
ul{padding-left:1.2rem}
`;

/**
 * Sends a server-rendered page: no script at all (usable without JavaScript), a per-response
 * nonce for the one style block, and headers that keep it out of frames (clickjacking), caches
 * and referrers. No `form-action` directive: browsers apply it to the redirect that follows a
 * form post, which must reach the client's own callback host.
 */
export function sendPage(ctx: Context, status: number, title: string, body: string): void {
  const nonce = randomBytes(16).toString('base64');
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'`);
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with the form
  // posts, and the origin check needs the real one; other sites still get no Referer.
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}
