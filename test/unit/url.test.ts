import { describe, expect, it } from 'vitest';
import { buildRequestPath, encodeSegment, expandPath, parseBaseUrl, parsePathTemplate, UnsafePathError } from '../../engine/upstream/url.js';

// URL building is security code (STYLE.md §4): no value may change the scheme, host, base path or
// the number of path segments of an upstream request.

/** Resolve a request path the way a server (WHATWG URL) would, to see where it really lands. */
function landsOn(pathAndQuery: string): { host: string; pathname: string; segments: string[]; search: string } {
  const url = new URL(pathAndQuery, 'http://upstream.test');
  return { host: url.host, pathname: url.pathname, segments: url.pathname.split('/').slice(1), search: url.search };
}

describe('encodeSegment', () => {
  it.each([
    ['n-1', 'n-1'],
    ['../x', '..%2Fx'],
    ['a/b', 'a%2Fb'],
    ['%2e%2e', '%252e%252e'],
    ['%2F', '%252F'],
    ['..%2f..', '..%252f..'],
    ['...', '...'],
    ['.hidden', '.hidden'],
    ['..\\..', '..%5C..'],
    ['//evil.example', '%2F%2Fevil.example'],
    ['http://evil.example', 'http%3A%2F%2Fevil.example'],
    ['user@evil.example', 'user%40evil.example'],
    ['a?b=c', 'a%3Fb%3Dc'],
    ['a#b', 'a%23b'],
    ['a;b', 'a%3Bb'],
    ['a b', 'a%20b'],
    ['a+b', 'a%2Bb'],
    ['a&b', 'a%26b'],
    ['\r\nHost: evil', '%0D%0AHost%3A%20evil'],
    ['\u0000', '%00'],
    ['ü', '%C3%BC'],
    ['😀', '%F0%9F%98%80'],
    [0, '0'],
    [42.5, '42.5'],
    [true, 'true'],
  ])('%j → %s, one segment under the same host', (value, encoded) => {
    const segment = encodeSegment('id', value);
    expect(segment).toBe(encoded);
    const at = landsOn(`/api/notes/${segment}`);
    expect(at.host).toBe('upstream.test');
    expect(at.segments).toHaveLength(3);
    expect(at.segments.slice(0, 2)).toEqual(['api', 'notes']);
    expect(at.search).toBe('');
  });

  it.each([
    [undefined, 'is required in the path'],
    [null, 'is required in the path'],
    ['', 'must not be empty'],
    ['.', 'must not be a dot segment'],
    ['..', 'must not be a dot segment'],
    [{ id: 1 }, 'must be a string or number'],
    [['a', 'b'], 'must be a string or number'],
  ])('%j is refused: %s', (value, reason) => {
    expect(() => encodeSegment('id', value)).toThrow(UnsafePathError);
    expect(() => encodeSegment('id', value)).toThrow(`The value of \`id\` ${reason}.`);
  });
});

describe('parsePathTemplate and expandPath', () => {
  it.each([
    ['/notes', [{ literal: '/notes' }], []],
    ['/notes/{id}', [{ literal: '/notes/' }, { param: 'id' }], ['id']],
    ['/p/{project}/notes/{id}.json', [{ literal: '/p/' }, { param: 'project' }, { literal: '/notes/' }, { param: 'id' }, { literal: '.json' }], ['project', 'id']],
  ])('%s', (template, parts, params) => {
    expect(parsePathTemplate(template)).toEqual({ parts, params });
  });

  it('fills every param with its escaped value', () => {
    const template = parsePathTemplate('/p/{project}/notes/{id}');
    expect(expandPath(template, { project: 'a/b', id: '../c' })).toBe('/p/a%2Fb/notes/..%2Fc');
  });

  it('refuses a missing param instead of leaving an empty segment', () => {
    expect(() => expandPath(parsePathTemplate('/notes/{id}'), {})).toThrow('The value of `id` is required in the path.');
  });
});

describe('parseBaseUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/api', { origin: 'http://127.0.0.1:8080', basePath: '/api' }],
    ['https://tenant.example/v1/api/', { origin: 'https://tenant.example', basePath: '/v1/api' }],
    ['https://tenant.example//', { origin: 'https://tenant.example', basePath: '' }],
    ['https://tenant.example', { origin: 'https://tenant.example', basePath: '' }],
    ['HTTPS://Tenant.Example:443/Api', { origin: 'https://tenant.example', basePath: '/Api' }],
  ])('%s', (raw, base) => {
    expect(parseBaseUrl(raw)).toEqual(base);
  });

  it.each([
    ['ftp://tenant.example/api', 'must be http(s)'],
    ['file:///etc/passwd', 'must be http(s)'],
    ['https://user:secret@tenant.example/api', 'must not carry credentials'],
    ['https://tenant.example/api?key=1', 'must not have a query or fragment'],
    ['https://tenant.example/api#x', 'must not have a query or fragment'],
    ['not a url', 'Invalid URL'],
  ])('%s is refused (%s)', (raw, message) => {
    expect(() => parseBaseUrl(raw)).toThrow(message);
  });
});

describe('buildRequestPath', () => {
  const base = parseBaseUrl('https://tenant.example/api');

  it.each([
    ['/notes', undefined, '/api/notes'],
    ['/notes', {}, '/api/notes'],
    ['/notes', { project: 'p-1', limit: 20 }, '/api/notes?project=p-1&limit=20'],
    // Absent values are left out, not sent as "undefined" or "null".
    ['/notes', { project: undefined, owner: null, limit: 5 }, '/api/notes?limit=5'],
    ['/notes', { project: undefined }, '/api/notes'],
    // Arrays repeat the key; objects travel as JSON.
    ['/notes', { tag: ['a', 'b'] }, '/api/notes?tag=a&tag=b'],
    ['/notes', { filter: { a: 1 } }, '/api/notes?filter=%7B%22a%22%3A1%7D'],
    ['/notes', { flag: false, zero: 0, empty: '' }, '/api/notes?flag=false&zero=0&empty='],
    // A query value cannot add parameters or a fragment.
    ['/notes', { q: 'a&admin=1#x' }, '/api/notes?q=a%26admin%3D1%23x'],
    ['/notes', { 'k&x': 'v' }, '/api/notes?k%26x=v'],
  ])('%s %j → %s', (path, query, expected) => {
    const built = buildRequestPath(base, path, query);
    expect(built).toBe(expected);
    expect(landsOn(built).host).toBe('upstream.test');
  });

  it('works under a base URL without a path', () => {
    expect(buildRequestPath(parseBaseUrl('https://tenant.example'), '/notes/n-1')).toBe('/notes/n-1');
  });

  // Values cannot produce these (encodeSegment escapes them); the check is defence in depth
  // against a template or a future code path that could.
  it.each([
    ['/../admin'],
    ['/notes/..'],
    ['/notes/./x'],
    ['/notes/%2e%2e/admin'],
    ['/notes/%2E%2E'],
    ['/notes/.%2e/admin'],
    ['/notes/%2e'],
    ['//evil.example/x'],
    ['/notes//x'],
    ['notes'],
    [''],
  ])('%j is refused: it would leave the base path', (path) => {
    expect(() => buildRequestPath(base, path)).toThrow(new UnsafePathError('path', 'would leave the upstream base path'));
  });

  it('a path expanded from any value stays under the base path on the same host', () => {
    const template = parsePathTemplate('/notes/{id}/history');
    for (const id of ['x', '../x', '%2e%2e', '%2E.', 'a/b', '...', '.x', 'x.', '/', '\\', '?', '#', '@', ':', '%00']) {
      const at = landsOn(buildRequestPath(base, expandPath(template, { id })));
      expect(at.host).toBe('upstream.test');
      expect(at.segments).toHaveLength(4);
      expect(at.pathname).toMatch(/^\/api\/notes\/[^/]+\/history$/);
    }
  });
});
