/**
 * A headless user agent over plain HTTP: follows the authorization redirects by hand, keeps
 * cookies, fills in the login and consent forms exactly as a browser without JavaScript would
 * submit them, and stops at the client's redirect URI (which it never fetches).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=').slice(1).join('=')) < Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  clear(): void {
    this.cookies.clear();
  }
}

export interface Form {
  action: string;
  fields: Record<string, string>;
  /** Submit buttons: name=value pairs. */
  buttons: Array<{ name?: string; value?: string; label: string }>;
}

/** The forms of a server-rendered page (our pages are simple and regular: no nested forms). */
export function parseForms(html: string, base: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /action="([^"]*)"/.exec(match[1]!)?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
      if (name) fields[name] = decode(/value="([^"]*)"/.exec(input[1]!)?.[1] ?? '');
    }
    const buttons = [...match[2]!.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((b) => ({
      name: /name="([^"]*)"/.exec(b[1]!)?.[1],
      value: /value="([^"]*)"/.exec(b[1]!)?.[1],
      label: b[2]!.trim(),
    }));
    forms.push({ action: new URL(decode(action), base).href, fields, buttons });
  }
  return forms;
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface Page {
  url: string;
  status: number;
  html: string;
  headers: Headers;
}

export class HttpUserAgent {
  readonly jar = new CookieJar();
  /** Every URL visited, in order. */
  readonly visited: string[] = [];

  constructor(
    /** Our server's origin: anything else is the client's redirect URI, where the journey ends. */
    private readonly serverOrigin: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  /** GETs `url` and follows redirects within the server; returns the page or the off-server Location. */
  async open(url: string): Promise<Page | { redirect: string }> {
    return this.follow(await this.request(url, { method: 'GET' }), url);
  }

  async submit(form: Form, values: Record<string, string>, button?: { name?: string; value?: string }): Promise<Page | { redirect: string }> {
    const body = new URLSearchParams({ ...form.fields, ...values });
    if (button?.name) body.set(button.name, button.value ?? '');
    const response = await this.request(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.serverOrigin },
      body: body.toString(),
    });
    return this.follow(response, form.action);
  }

  async request(url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    this.visited.push(url);
    const cookie = this.jar.header();
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { accept: 'text/html', ...this.extraHeaders, ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    this.jar.store(response);
    return response;
  }

  private async follow(response: Response, url: string): Promise<Page | { redirect: string }> {
    let current = response;
    let at = url;
    for (let hops = 0; hops < 10; hops += 1) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) {
        return { url: at, status: current.status, html: await current.text(), headers: current.headers };
      }
      await current.arrayBuffer();
      const next = new URL(location, at).href;
      if (new URL(next).origin !== this.serverOrigin) return { redirect: next };
      at = next;
      current = await this.request(next, { method: 'GET' });
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/**
 * Signs in and answers the consent page: the whole user part of the authorization code flow.
 * Returns the URL the browser is finally sent to (the client's redirect URI with code, state, iss).
 */
export async function signIn(
  authorizationUrl: string | URL,
  options: { serverOrigin: string; email: string; password: string; consent?: 'allow' | 'deny'; agent?: HttpUserAgent },
): Promise<URL> {
  const agent = options.agent ?? new HttpUserAgent(options.serverOrigin);
  let step = await agent.open(String(authorizationUrl));
  for (let i = 0; i < 4; i += 1) {
    if ('redirect' in step) return new URL(step.redirect);
    const forms = parseForms(step.html, step.url);
    const login = forms.find((f) => 'password' in f.fields);
    if (login) {
      step = await agent.submit(login, { email: options.email, password: options.password });
      continue;
    }
    const consent = forms.find((f) => f.action.endsWith('/consent'));
    if (consent) {
      const decision = options.consent ?? 'allow';
      step = await agent.submit(consent, {}, consent.buttons.find((b) => b.value === decision) ?? { name: 'decision', value: decision });
      continue;
    }
    throw new Error(`unexpected page (HTTP ${step.status}) at ${step.url}:\n${step.html.slice(0, 2000)}`);
  }
  throw new Error('the sign-in did not finish');
}
