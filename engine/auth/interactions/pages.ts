import { escapeHtml as h } from './html.js';

export interface ClientFacts {
  name: string;
  /** Where the browser goes back to after this page: the host of the authorization request's redirect_uri. */
  redirectHost: string;
}

function whoIsAsking(client: ClientFacts): string {
  return `<p><strong>${h(client.name)}</strong> wants to connect to this server.
After you continue you will be sent back to <strong>${h(client.redirectHost)}</strong>.</p>`;
}

export function loginBody(options: { action: string; abortAction: string; csrf: string; client: ClientFacts; email?: string; error?: string }): string {
  const { client } = options;
  return `<h1>Sign in</h1>
${whoIsAsking(client)}
${options.error ? `<p class="error" role="alert">${h(options.error)}</p>` : ''}
<form method="post" action="${h(options.action)}">
<input type="hidden" name="csrf" value="${h(options.csrf)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${h(options.email ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${h(options.abortAction)}">
<input type="hidden" name="csrf" value="${h(options.csrf)}">
<button type="submit" class="secondary">Cancel</button>
</form>`;
}

export interface ScopeLine {
  name: string;
  description: string;
}

export function consentBody(options: {
  action: string;
  csrf: string;
  client: ClientFacts;
  email: string;
  role: string;
  granted: readonly ScopeLine[];
  refused: readonly ScopeLine[];
  identity: boolean;
  nothingGrantable: boolean;
}): string {
  const { client } = options;
  const list = (lines: readonly ScopeLine[]) => `<ul>${lines.map((s) => `<li><code>${h(s.name)}</code>: ${h(s.description)}</li>`).join('')}</ul>`;
  const nothing = options.nothingGrantable;
  return `<h1>Allow access?</h1>
${whoIsAsking(client)}
<p class="muted">Signed in as ${h(options.email)} (${h(options.role)}).</p>
${options.granted.length > 0 ? `<p>${h(client.name)} will be able to:</p>${list(options.granted)}` : ''}
${options.identity ? `<p>${h(client.name)} will learn your email address.</p>` : ''}
${options.refused.length > 0 ? `<p>Your role does not allow, so ${h(client.name)} will not get:</p>${list(options.refused)}` : ''}
${nothing ? '<p class="error" role="alert">Nothing that was asked for can be granted to your account.</p>' : ''}
<form method="post" action="${h(options.action)}">
<input type="hidden" name="csrf" value="${h(options.csrf)}">
${nothing ? '' : '<button type="submit" name="decision" value="allow">Allow</button>'}
<button type="submit" name="decision" value="deny" class="secondary">${nothing ? 'Go back' : 'Deny'}</button>
</form>`;
}

export function errorBody(title: string, message: string): string {
  return `<h1>${h(title)}</h1><p>${h(message)}</p>`;
}
