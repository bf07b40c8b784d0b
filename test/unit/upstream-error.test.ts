import { describe, expect, it } from 'vitest';
import { failureForStatus, sanitizeDescription } from '../../engine/upstream/upstream-error.js';

// What the model is told when the upstream says no: a short message, whether a retry could help,
// and no upstream internals.

describe('sanitizeDescription', () => {
  it.each([
    ['Field "colour" is not a field of Note', 'Field "colour" is not a field of Note'],
    ['Note <b>n-2</b> is locked', 'Note n-2 is locked'],
    ['line one\nline two\r\n\tthree', 'line one line two three'],
    ['  spaced   out  ', 'spaced out'],
    ['Locked by alice@example.com and Bob.Smith+x@corp.example.co.uk', 'Locked by [email] and [email]'],
    ['\u0000\u001b[31mred\u001b[0m', '[31mred [0m'],
  ])('%j → %j', (text, expected) => {
    expect(sanitizeDescription(text)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['   '], [42], [{ message: 'x' }]])('%j → undefined', (value) => {
    expect(sanitizeDescription(value)).toBeUndefined();
  });

  it('shortens to the limit with an ellipsis', () => {
    const text = sanitizeDescription('x'.repeat(500))!;
    expect(text).toHaveLength(200);
    expect(text.endsWith('…')).toBe(true);
    expect(sanitizeDescription('abcdef', 4)).toBe('abc…');
  });
});

describe('failureForStatus', () => {
  const facts = { code: 'SOME_CODE', description: 'stack trace: at db.query (secret-host:5432)', hint: 'Ask the user to try again later.' };

  it.each([
    [400, 'rejected', false, /^The upstream service rejected the request \(HTTP 400\) \(SOME_CODE: stack trace/],
    [409, 'rejected', false, /^The upstream service rejected the request \(HTTP 409\)/],
    [401, 'auth', false, /^The upstream service refused the gateway's credentials \(HTTP 401\) \(SOME_CODE\)\. This is a configuration problem/],
    [403, 'auth', false, /^The upstream service refused the gateway's credentials \(HTTP 403\) \(SOME_CODE\)\./],
    [429, 'rate-limited', true, /^The upstream service is rate limiting requests \(HTTP 429\)/],
    [500, 'server', true, /^The upstream service failed \(HTTP 500\) \(SOME_CODE\)\. A retry may help/],
    [503, 'server', true, /^The upstream service failed \(HTTP 503\) \(SOME_CODE\)\./],
  ])('%i → %s, retryable %s', (status, kind, retryable, message) => {
    const error = failureForStatus(status, facts);
    expect(error).toMatchObject({ kind, retryable, upstreamStatus: status, upstreamCode: 'SOME_CODE', status: 502, expose: true, code: `upstream_${kind.replace('-', '_')}` });
    expect(error.message).toMatch(message);
  });

  it.each([401, 403, 500, 502, 503])('HTTP %i never passes the upstream description on', (status) => {
    expect(failureForStatus(status, facts).message).not.toContain('stack trace');
    expect(failureForStatus(status, facts).message).not.toContain('secret-host');
  });

  it('a 4xx passes the code, the shortened description and the pack\'s hint', () => {
    expect(failureForStatus(400, { code: 'INVALID_FIELD', description: 'Field "colour" is unknown', hint: 'Use list_fields first.' }).message).toBe(
      'The upstream service rejected the request (HTTP 400) (INVALID_FIELD: Field "colour" is unknown). Use list_fields first. Retrying the same request will not help; correct the arguments first.',
    );
  });

  it('a 404 without an envelope code is "no such record"', () => {
    const error = failureForStatus(404, {});
    expect(error.kind).toBe('not-found');
    expect(error.message).toMatch(/^The upstream service has no such record \(HTTP 404\)\. Check the id/);
  });

  it.each([
    ['7', ' after 7 s'],
    [undefined, ' in a minute'],
    ['Wed, 21 Oct 2026 07:28:00 GMT', ' in a minute'],
    ['soon', ' in a minute'],
  ])('429 with Retry-After %j says to retry%s', (retryAfter, wait) => {
    expect(failureForStatus(429, {}, retryAfter).message).toContain(`Retry${wait};`);
  });
});
