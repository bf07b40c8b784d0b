import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { authorizationUrl, pkcePair, tokenRequest } from './support/pkce.js';

// The sign-in and consent pages in a real browser (Debian's chromium through playwright-core),
// with JavaScript turned off: the pages must work as plain HTML forms.

const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let stack: AuthStack;
let callback: Server;
let callbackUrl: string;
let profile: string;
let context: BrowserContext;
let client: { clientId: string; clientSecret?: string };

const MISSING = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests`;

beforeAll(async () => {
  // A missing browser fails every test below (never a skip); nothing is ever downloaded.
  if (!existsSync(CHROMIUM)) return;
  stack = await startAuthStack();
  // The client's own callback page, as ChatGPT's or Claude's would be.
  callback = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url?.startsWith('/framer') ? `<html><body><iframe id="f" src="${req.url.slice('/framer?u='.length) ? decodeURIComponent(req.url.slice('/framer?u='.length)) : ''}"></iframe></body></html>` : '<html><body>connected</body></html>');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  client = await stack.addClient({ name: 'ChatGPT (browser test)', redirectUris: [callbackUrl] });
  profile = await mkdtemp(path.join(tmpdir(), 'toolgate-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, javaScriptEnabled: false });
});

afterAll(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await new Promise<void>((resolve) => (callback ? callback.close(() => resolve()) : resolve()));
  await stack?.close();
});

describe('signing in with a real browser', () => {
  it('has Debian\'s chromium to drive', () => {
    expect(existsSync(CHROMIUM), MISSING).toBe(true);
  });

  it('refuses a wrong password on the page, then signs in, shows the consent page and lands on the callback with a code', async () => {
    if (!context) throw new Error(MISSING);
    const page = await context.newPage();
    const { verifier, challenge } = pkcePair();
    const start = authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: callbackUrl, challenge, state: 'browser-state', resource: stack.mcpUrl });
    const login = await page.goto(start.href);
    expect(login?.status()).toBe(200);
    expect(login?.headers()['x-frame-options']).toBe('DENY');
    await expect(page.title()).resolves.toBe('Sign in');
    const intro = await page.locator('main p').first().innerText();
    expect(intro).toContain('ChatGPT (browser test)');
    expect(intro).toContain(new URL(callbackUrl).host);

    await page.fill('#email', EDITOR.email);
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]:has-text("Sign in")');
    await expect(page.locator('.error').innerText()).resolves.toContain('not correct');

    await page.fill('#password', EDITOR.password);
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForURL(/\/v1\/oauth\/interaction\//);
    await expect(page.title()).resolves.toBe('Allow access?');
    const consent = await page.locator('main').innerText();
    expect(consent).toContain('ChatGPT (browser test)');
    expect(consent).toContain(`Signed in as ${EDITOR.email}`);
    expect(consent).toContain('notes.write');

    await page.click('button[value=allow]');
    await page.waitForURL((url) => url.href.startsWith(callbackUrl));
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('browser-state');
    expect(landed.searchParams.get('iss')).toBe(stack.issuer);
    const code = landed.searchParams.get('code')!;

    const token = await tokenRequest(stack.origin, { grant_type: 'authorization_code', code, redirect_uri: callbackUrl, code_verifier: verifier }, { id: client.clientId, secret: client.clientSecret });
    expect(token.status).toBe(200);
    const list = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(token.body.access_token)}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(list.status).toBe(200);
    await page.close();
  });

  it('remembers consent for the client: the next sign-in in a new browser session skips the consent page', async () => {
    if (!context) throw new Error(MISSING);
    const fresh = await mkdtemp(path.join(tmpdir(), 'toolgate-chromium-'));
    const other = await chromium.launchPersistentContext(fresh, { executablePath: CHROMIUM, headless: true, args: FLAGS, javaScriptEnabled: false });
    try {
      const page = await other.newPage();
      const { challenge } = pkcePair();
      await page.goto(authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: callbackUrl, challenge, resource: stack.mcpUrl }).href);
      await page.fill('#email', EDITOR.email);
      await page.fill('#password', EDITOR.password);
      await page.click('button[type=submit]:has-text("Sign in")');
      await page.waitForURL((url) => url.href.startsWith(callbackUrl));
      expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    } finally {
      await other.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('cannot be framed by another site (clickjacking)', async () => {
    if (!context) throw new Error(MISSING);
    const page = await context.newPage();
    const { challenge } = pkcePair();
    const target = authorizationUrl(stack.origin, { clientId: client.clientId, redirectUri: callbackUrl, challenge, resource: stack.mcpUrl }).href;
    await page.goto(`${new URL(callbackUrl).origin}/framer?u=${encodeURIComponent(target)}`);
    await page.waitForTimeout(500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    const text = frame ? await frame.locator('body').innerText().catch(() => '') : '';
    expect(text).not.toContain('Sign in');
    await page.close();
  });
});
