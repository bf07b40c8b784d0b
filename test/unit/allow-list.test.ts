import { describe, expect, it } from 'vitest';
import { AllowList, shapeMatcher, UpstreamRefusedError } from '../../engine/upstream/allow-list.js';

// The last policy check before a request leaves: it must match one of the tool's own request
// shapes and none of the pack's not-supported shapes. Manifests the linter accepts cannot produce
// most of these requests, so the allow-list is tested here on its own.

describe('shapeMatcher', () => {
  it.each<[string, string, string, string, boolean]>([
    ['GET', '/notes/{id}', 'GET', '/notes/n-1', true],
    ['GET', '/notes/{id}', 'GET', '/notes/..%2Fx', true],
    ['GET', '/notes/{id}', 'POST', '/notes/n-1', false],
    // The runtime only ever sends the manifest's upper-case methods; the shared matcher compares case-insensitively.
    ['GET', '/notes/{id}', 'get', '/notes/n-1', true],
    ['GET', '/notes/{id}', 'GET', '/notes/', false],
    ['GET', '/notes/{id}', 'GET', '/notes', false],
    ['GET', '/notes/{id}', 'GET', '/notes/a/b', false],
    ['GET', '/notes/{id}', 'GET', '/notes/n-1/history', false],
    ['GET', '/notes/{id}', 'GET', '/api/notes/n-1', false],
    ['GET', '/notes/{id}', 'GET', '/notesx/n-1', false],
    ['GET', '/notes', 'GET', '/notes', true],
    ['GET', '/notes', 'GET', '/notes/', false],
    // Literal text is literal: "." is not a regex wildcard.
    ['GET', '/v1.0/notes', 'GET', '/v1.0/notes', true],
    ['GET', '/v1.0/notes', 'GET', '/v1x0/notes', false],
    ['GET', '/notes/{id}.json', 'GET', '/notes/n-1.json', true],
    ['GET', '/notes/{id}.json', 'GET', '/notes/n-1.xml', false],
    ['*', '/notes/{id}', 'DELETE', '/notes/n-1', true],
    ['*', '/notes/{id}', 'PATCH', '/notes/n-1', true],
    ['POST', '/notes/search', 'POST', '/notes/search', true],
    ['POST', '/notes/{id}', 'POST', '/notes/search', true],
    // Dot segments, plain or percent-encoded, never match: servers would resolve them elsewhere.
    ['GET', '/notes/{id}', 'GET', '/notes/..', false],
    ['GET', '/notes/{id}', 'GET', '/notes/.', false],
    ['GET', '/notes/{id}', 'GET', '/notes/%2e%2e', false],
    ['GET', '/notes/{id}', 'GET', '/notes/%2E.', false],
    ['GET', '/{a}/{b}', 'GET', '/notes/../x', false],
    // The query is not part of the shape.
    ['GET', '/notes', 'GET', '/notes?limit=5', true],
  ])('%s %s vs %s %s → %s', (method, template, actualMethod, actualPath, expected) => {
    expect(shapeMatcher(`${method} ${template}`).matches(actualMethod, actualPath)).toBe(expected);
  });

  it('shapeMatcher reads "METHOD /path"', () => {
    const shape = shapeMatcher('DELETE /{object}/{id}');
    expect(shape.shape).toBe('DELETE /{object}/{id}');
    expect(shape.matches('DELETE', '/notes/n-1')).toBe(true);
    expect(shape.matches('DELETE', '/notes')).toBe(false);
    expect(shape.matches('GET', '/notes/n-1')).toBe(false);
  });
});

describe('AllowList.assert', () => {
  const DELETE_REASON = 'Deleting notes is not supported here; delete them in the Notes app, where it can be undone.';
  const list = new AllowList(
    [shapeMatcher('GET /notes/{id}'), shapeMatcher('PUT /notes/{id}'), shapeMatcher('DELETE /notes/{id}/tags/{tag}')],
    [
      { matcher: shapeMatcher('DELETE /{object}'), reason: DELETE_REASON },
      { matcher: shapeMatcher('DELETE /{object}/{id}'), reason: DELETE_REASON },
      { matcher: shapeMatcher('* /admin/{setting}'), reason: 'Admin settings are managed in the Notes app by administrators.' },
    ],
  );

  it.each([
    ['GET', '/notes/n-1'],
    ['PUT', '/notes/n-1'],
    ['DELETE', '/notes/n-1/tags/urgent'],
  ])('lets %s %s through', (method, path) => {
    expect(() => list.assert(method, path)).not.toThrow();
  });

  it.each([
    ['POST', '/notes/n-1', "The gateway refused to send POST /notes/n-1: it is not among this tool's permitted upstream requests."],
    ['GET', '/notes', "The gateway refused to send GET /notes: it is not among this tool's permitted upstream requests."],
    ['GET', '/notes/n-1/history', "The gateway refused to send GET /notes/n-1/history: it is not among this tool's permitted upstream requests."],
    ['GET', '/projects/p-1', "The gateway refused to send GET /projects/p-1: it is not among this tool's permitted upstream requests."],
    // The refused shapes win, with their reason, even when nothing else would allow the request.
    ['DELETE', '/notes/n-1', `Not supported: ${DELETE_REASON}`],
    ['DELETE', '/notes', `Not supported: ${DELETE_REASON}`],
    ['GET', '/admin/retention', 'Not supported: Admin settings are managed in the Notes app by administrators.'],
  ])('refuses %s %s', (method, path, message) => {
    expect(() => list.assert(method, path)).toThrow(UpstreamRefusedError);
    expect(() => list.assert(method, path)).toThrow(message);
  });

  it('a refused shape wins over the tool\'s own shape', () => {
    const own = new AllowList([shapeMatcher('DELETE /notes/{id}')], [{ matcher: shapeMatcher('DELETE /{object}/{id}'), reason: DELETE_REASON }]);
    expect(() => own.assert('DELETE', '/notes/n-1')).toThrow(`Not supported: ${DELETE_REASON}`);
  });

  it('is an exposed 403 error with a stable code', () => {
    const error = (() => {
      try {
        list.assert('POST', '/notes/n-1');
      } catch (e) {
        return e;
      }
    })() as UpstreamRefusedError;
    expect(error).toMatchObject({ code: 'upstream_refused', status: 403, expose: true });
  });

  it('an empty allow-list sends nothing', () => {
    expect(() => new AllowList([], []).assert('GET', '/notes')).toThrow(UpstreamRefusedError);
  });
});
