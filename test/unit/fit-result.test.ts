import { describe, expect, it } from 'vitest';
import { fitResult } from '../../engine/runtime/fit-result.js';

// Results are kept under the service's size limit: a list named by `response.truncate` is cut to
// the longest prefix that fits, with a note; anything else that is too big is an error.

const bytes = (text: string) => Buffer.byteLength(text);
const textOf = (result: ReturnType<typeof fitResult>) => (result.content[0] as { text: string }).text;

function items(count: number, size: number, char = 'x'): Array<{ id: string; text: string }> {
  return Array.from({ length: count }, (_, i) => ({ id: `n-${i}`, text: char.repeat(size) }));
}

describe('fitResult', () => {
  it('passes a result that fits unchanged, with the same JSON as text', () => {
    const structured = { notes: items(3, 10), total: 3 };
    const result = fitResult(structured, { truncate: 'notes', maxBytes: 1024 });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toBe(structured);
    expect(textOf(result)).toBe(JSON.stringify(structured));
  });

  it('a result of exactly the limit fits', () => {
    const structured = { text: '' };
    const size = bytes(JSON.stringify(structured));
    structured.text = 'x'.repeat(1024 - size);
    expect(bytes(JSON.stringify(structured))).toBe(1024);
    expect(fitResult(structured, { maxBytes: 1024 }).isError).toBeUndefined();
  });

  it.each([
    // [items, item text size, limit, char]
    [100, 50, 1024, 'x'],
    [100, 50, 4096, 'x'],
    [10, 500, 2048, 'x'],
    [1000, 1, 2048, 'x'],
    // Multi-byte text: the limit is in bytes, not characters.
    [100, 50, 2048, 'é'],
    [100, 20, 2048, '😀'],
  ])('%i items of %i chars under %i bytes (%s): the longest prefix that fits, and a note', (count, size, maxBytes, char) => {
    const list = items(count, size, char);
    const result = fitResult({ project: 'p-1', notes: list }, { truncate: 'notes', maxBytes });
    expect(result.isError).toBeUndefined();
    const text = textOf(result);
    const structured = result.structuredContent as { project: string; notes: typeof list; truncated: { returned: number; omitted: number; note: string } };
    const returned = structured.notes.length;
    // Within the limit; the bytes left could not hold the next item.
    expect(bytes(text)).toBeLessThanOrEqual(maxBytes);
    expect(maxBytes - bytes(text)).toBeLessThan(bytes(JSON.stringify(list[returned])) + 1);
    // A prefix, in order, and the other fields kept.
    expect(structured.notes).toEqual(list.slice(0, returned));
    expect(structured.project).toBe('p-1');
    expect(structured.truncated).toEqual({
      returned,
      omitted: count - returned,
      note: `Only the first ${returned} of ${count} notes fit in the ${Math.floor(maxBytes / 1024)} KiB result limit. Ask for fewer fields or a narrower filter to see the rest.`,
    });
    expect(JSON.parse(text)).toEqual(structured);
  });

  it('tells the next offset when the tool pages with one', () => {
    const result = fitResult({ notes: items(100, 50) }, { truncate: 'notes', maxBytes: 2048, offset: 40 });
    const truncated = (result.structuredContent as { truncated: { returned: number; nextOffset: number; note: string } }).truncated;
    expect(truncated.nextOffset).toBe(40 + truncated.returned);
    expect(truncated.note).toContain(`Call again with offset ${40 + truncated.returned} for the rest`);
  });

  it('an empty prefix is still an answer when the rest fits', () => {
    const result = fitResult({ header: 'h'.repeat(700), notes: items(3, 500) }, { truncate: 'notes', maxBytes: 1024 });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ notes: [], truncated: { returned: 0, omitted: 3 } });
  });

  it('is an error when nothing fits, not even without the list', () => {
    const result = fitResult({ header: 'h'.repeat(2000), notes: items(3, 10) }, { truncate: 'notes', maxBytes: 1024 });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toBe('The answer is over the 1 KiB limit even without any notes. Ask for fewer fields.');
  });

  it.each([
    ['no truncate property', undefined],
    ['a truncate property that is absent', 'notes'],
    ['a truncate property that is not a list', 'summary'],
  ])('is an error that says what to ask for, with %s', (_, truncate) => {
    const result = fitResult({ summary: 's'.repeat(3000) }, { truncate, maxBytes: 1024 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('The answer is 3 KiB, over the 1 KiB limit. Ask for less: fewer records, fewer fields or a narrower filter.');
  });
});
