import { describe, expect, it } from 'vitest';
import { compileRequestShape, matchTemplate, parseRequestShape, RequestShapeError } from '../../engine/manifest/request-shape.js';

describe('compileRequestShape', () => {
  const cases: Array<[shape: string, method: string, path: string, matches: boolean]> = [
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/Company', true],
    ['POST /v1/data/objects/query/{object}', 'post', '/v1/data/objects/query/Company', true],
    ['POST /v1/data/objects/query/{object}', 'GET', '/v1/data/objects/query/Company', false],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/', false],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/a/b', false],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query', false],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/Company?x=1', true],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/a%2Fb', true],
    ['GET /notes/{id}', 'GET', '/notes/..', false],
    ['GET /notes/{id}', 'GET', '/notes/%2e%2E', false],
    ['GET /notes/{id}', 'GET', '/notes/.', false],
    ['GET /notes/{id}', 'GET', 'notes/n-1', false],
    ['GET /notes/{id}', 'GET', '//notes/n-1', false],
    ['GET /notes/{id}/', 'GET', '/notes/n-1/', true],
    ['GET /notes/{id}/', 'GET', '/notes/n-1', false],
    ['* /admin/{any}', 'DELETE', '/admin/users', true],
    ['* /admin/{any}', 'PATCH', '/admin/users', true],
    ['* /admin/{any}', 'PATCH', '/admin', false],
    ['DELETE /{object}/{id}', 'DELETE', '/notes/n-1', true],
    ['DELETE /{object}/{id}', 'DELETE', '/notes', false],
    ['GET /files/{id}.json', 'GET', '/files/f-1.json', true],
    ['GET /files/{id}.json', 'GET', '/files/.json', false],
    ['GET /files/{id}.json', 'GET', '/files/f-1.xml', false],
    ['GET /a.b/{x}', 'GET', '/aXb/1', false],
    ['GET /', 'GET', '/', true],
    ['GET /', 'GET', '/x', false],
  ];
  it.each(cases)('%s ~ %s %s → %s', (shape, method, path, matches) => {
    expect(compileRequestShape(shape)(method, path)).toBe(matches);
  });

  it.each(['/v1/x', 'GET v1/x', 'FETCH /x', 'GET  /x', ''])('refuses the malformed shape %j', (shape) => {
    expect(() => compileRequestShape(shape)).toThrow(RequestShapeError);
  });
});

describe('matchTemplate', () => {
  const cases: Array<[shape: string, method: string, template: string, may: boolean, always: boolean]> = [
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/Company', true, true],
    ['POST /v1/data/objects/query/{object}', 'POST', '/v1/data/objects/query/{name}', true, true],
    ['POST /notes/search', 'POST', '/notes/{id}', true, false],
    ['POST /notes/search', 'POST', '/notes/search', true, true],
    ['POST /notes/search', 'GET', '/notes/search', false, false],
    ['DELETE /{object}/{id}', 'DELETE', '/notes/{id}', true, true],
    ['DELETE /{object}/{id}', 'DELETE', '/notes', false, false],
    ['* /admin/{any}', 'GET', '/admin/{section}', true, true],
    ['* /admin/{any}', 'GET', '/{area}/settings', true, false],
    ['GET /files/{id}.json', 'GET', '/files/{name}', true, false],
    ['GET /files/{id}', 'GET', '/files/{name}.json', true, true],
    ['GET /files/a.json', 'GET', '/files/{name}.json', true, false],
    ['GET /files/a.xml', 'GET', '/files/{name}.json', false, false],
    ['GET /files/{id}', 'GET', '/files/..', false, false],
  ];
  it.each(cases)('%s ~ %s %s → may %s, always %s', (shape, method, template, may, always) => {
    expect(matchTemplate(parseRequestShape(shape), method, template)).toEqual({ may, always });
  });
});
