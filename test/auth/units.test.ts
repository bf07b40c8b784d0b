import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../engine/auth/attempt-limiter.js';
import { bearerChallenge } from '../../engine/auth/bearer.js';
import { clientAddress } from '../../engine/auth/client-ip.js';
import { ipRanges, normalizeIp, parseCidr } from '../../engine/auth/ip-ranges.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../engine/auth/passwords.js';
import { resolveAuthSettings } from '../../engine/auth/settings.js';
import { authFromArgs } from '../../engine/auth/serve-options.js';
import { argumentsDigest, canonicalJson } from '../../engine/audit/digest.js';
import { parseSince } from '../../engine/cli/audit.js';

describe('IP ranges', () => {
  it.each([
    ['10.0.0.0/8', '10.200.3.4', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.0.2.7', '192.0.2.7', true],
    ['192.0.2.7', '192.0.2.8', false],
    ['192.0.2.0/24', '::ffff:192.0.2.9', true],
    ['2001:db8::/32', '2001:db8:1::5', true],
    ['2001:db8::/32', '2001:db9::5', false],
    ['0.0.0.0/0', '203.0.113.1', true],
    ['10.0.0.0/8', 'not-an-ip', false],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(ipRanges([cidr]).has(address)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', 'example.com', '10.0.0.0/8/1', '10.0.0.0/-1'])('refuses %s', (cidr) => {
    expect(parseCidr(cidr)).toHaveProperty('error');
  });

  it('normalizes bracketed and IPv4-mapped addresses', () => {
    expect(normalizeIp('[::1]')).toBe('::1');
    expect(normalizeIp('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('client address behind proxies', () => {
  const resolve = async (trusted: string[], peer: string, headers: Record<string, string>) => {
    const ctx = { req: { socket: { remoteAddress: peer }, headers: { ...headers } }, state: {} } as unknown as Context;
    await clientAddress(trusted)(ctx, async () => {});
    return { ip: ctx.state.clientIp, headers: ctx.req.headers };
  };

  it('believes a trusted proxy, reading X-Forwarded-For from the right and skipping trusted hops', async () => {
    const { ip, headers } = await resolve(['127.0.0.1/32', '10.0.0.0/8'], '::ffff:127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.1.1', 'x-forwarded-proto': 'https' });
    expect(ip).toBe('203.0.113.9'); // 6.6.6.6 was written by the client itself: never believed
    expect(headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(headers['x-forwarded-proto']).toBe('https');
  });

  it('strips forwarded headers from anyone else', async () => {
    const { ip, headers } = await resolve(['10.0.0.0/8'], '198.51.100.4', { 'x-forwarded-for': '10.1.1.1', 'x-forwarded-proto': 'https', forwarded: 'for=10.1.1.1' });
    expect(ip).toBe('198.51.100.4');
    expect(headers).not.toHaveProperty('x-forwarded-for');
    expect(headers).not.toHaveProperty('x-forwarded-proto');
    expect(headers).not.toHaveProperty('forwarded');
  });

  it('ignores a garbage hop', async () => {
    expect((await resolve(['127.0.0.1/32'], '127.0.0.1', { 'x-forwarded-for': 'garbage' })).ip).toBe('127.0.0.1');
  });
});

describe('passwords', () => {
  it('hashes with scrypt, verifies, and refuses a wrong one', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]{43}$/);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
    expect(await verifyPassword('a long enough passwore', hash)).toBe(false);
    expect(await verifyPassword('anything', 'md5$nope')).toBe(false);
    expect(await hashPassword('a long enough password')).not.toBe(hash);
  });

  it('refuses a short password', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('long enough!')).toBeUndefined();
  });
});

describe('audit digest', () => {
  it('does not depend on key order, and differs for different arguments', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":2,"d":1}]}');
    expect(argumentsDigest({ a: 1, b: 2 })).toBe(argumentsDigest({ b: 2, a: 1 }));
    expect(argumentsDigest({ a: 1 })).not.toBe(argumentsDigest({ a: 2 }));
    expect(argumentsDigest(undefined)).toBe(argumentsDigest({}));
  });
});

describe('toolgate audit --since', () => {
  const now = Date.parse('2026-01-31T12:00:00Z');
  it.each([
    ['90m', '2026-01-31T10:30:00.000Z'],
    ['24h', '2026-01-30T12:00:00.000Z'],
    ['7d', '2026-01-24T12:00:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseSince(text, now)?.toISOString()).toBe(iso);
  });
  it.each(['yesterday', '24', '2026-13-45'])('refuses %s', (text) => expect(parseSince(text, now)).toBeNull());
});

describe('attempt limiter', () => {
  it('blocks after max failures within the window, and frees the key after it', () => {
    let now = 0;
    const limiter = new AttemptLimiter(2, 1000, () => now);
    limiter.record('k');
    expect(limiter.blockedFor('k')).toBe(0);
    limiter.record('k');
    expect(limiter.blockedFor('k')).toBe(1);
    now = 1001;
    expect(limiter.blockedFor('k')).toBe(0);
  });
});

describe('settings', () => {
  it('refuses paths and lifetimes that cannot work', () => {
    expect(() => resolveAuthSettings({ paths: { token: 'token' } })).toThrow(/absolute path/);
    expect(() => resolveAuthSettings({ paths: { authorization: '/v1/authorize/' } })).toThrow(/trailing slash/);
    expect(() => resolveAuthSettings({ ttl: { accessToken: 0 } })).toThrow(/positive/);
    expect(() => resolveAuthSettings({ ttl: { refreshToken: 10, grant: 5 } })).toThrow(/longer than/);
    expect(resolveAuthSettings().paths.token).toBe('/v1/users/oauth/access/token');
  });

  it('serve flags and environment', () => {
    expect(authFromArgs({ 'no-auth': true }, {}).auth).toBeUndefined();
    const on = authFromArgs({ 'trusted-proxy': ['10.0.0.0/8'], 'registration-redirect-host': ['Claude.AI'], 'access-token-ttl': '600' }, { TOOLGATE_PUBLIC_URL: 'https://mcp.example.com' });
    expect(on.auth).toMatchObject({
      publicUrl: 'https://mcp.example.com',
      settings: { trustedProxies: ['10.0.0.0/8'], registration: { enabled: true, allowedRedirectHosts: ['claude.ai'] }, ttl: { accessToken: 600 } },
    });
    expect(authFromArgs({}, { TOOLGATE_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' }).auth?.settings?.trustedProxies).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(authFromArgs({}, { DATABASE_URL: 'postgres://x/y' }).store).toEqual({ databaseUrl: 'postgres://x/y' });
    expect(authFromArgs({ 'data-dir': 'memory://' }, {}).store).toEqual({ dataDir: 'memory://' });
    expect(() => authFromArgs({ 'trusted-proxy': ['nope'] }, {})).toThrow(/trusted-proxy/);
    expect(() => authFromArgs({ 'access-token-ttl': '-1' }, {})).toThrow(/ttl/);
  });
});

describe('WWW-Authenticate', () => {
  it('quotes and escapes parameter values', () => {
    expect(bearerChallenge({ error: 'invalid_token', error_description: 'a "quoted" \\ value', scope: undefined })).toBe(
      'Bearer error="invalid_token", error_description="a \\"quoted\\" \\\\ value"',
    );
  });
});
