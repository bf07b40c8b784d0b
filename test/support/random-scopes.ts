import jsonata from 'jsonata';
import { Rng } from '../../sandbox/seed/prng.js';

/**
 * Random JSON-ish scopes shaped after an expression, for differential tests: the names its paths
 * walk (so that `body.data.records.Name` finds records, sometimes), its string and number
 * literals (so that `= 'open'` is sometimes true), and the usual suspects: null, '', 0, false,
 * empty and single-item arrays, arrays of arrays, missing fields.
 */
export interface Vocabulary {
  /** Names read on the items of each name ('' is the scope itself, '*' anything reached through a variable). */
  children: Map<string, Set<string>>;
  strings: string[];
  numbers: number[];
}

const SCOPE = '';
const LOOSE = '*';

interface Node {
  type?: string;
  value?: unknown;
  steps?: Node[];
  [key: string]: unknown;
}

export function vocabularyOf(text: string): Vocabulary {
  const vocabulary: Vocabulary = { children: new Map(), strings: [], numbers: [] };
  const add = (parent: string, child: string) => {
    if (!vocabulary.children.has(parent)) vocabulary.children.set(parent, new Set());
    vocabulary.children.get(parent)!.add(child);
  };
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, at));
    if (node === null || typeof node !== 'object' || node instanceof RegExp) return;
    const n = node as Node;
    if (n.type === 'string') vocabulary.strings.push(String(n.value));
    if (n.type === 'number') vocabulary.numbers.push(Number(n.value));
    if (n.type === 'path') {
      let current = at;
      for (const step of n.steps ?? []) {
        if (step.type === 'name') {
          add(current, String(step.value));
          current = String(step.value);
        } else if (step.type === 'variable') {
          current = step.value === '' ? current : step.value === '$' ? SCOPE : LOOSE;
        } else {
          visit(step, current);
          current = LOOSE;
        }
        visit(step.stages, current);
        visit(step.predicate, current);
      }
      return;
    }
    if (n.type === 'lambda') return visit(n.body, LOOSE);
    for (const key of Object.keys(n)) visit(n[key], at);
  };
  visit(jsonata(text).ast(), SCOPE);
  return vocabulary;
}

const STRINGS = ['', 'x', 'Acme Corp', 'Hello\n\nWorld & <b>"x"</b> it\'s', '  spaced  out  ', 'one\r\n  \r\ntwo\nthree', 'open', 'closed', '2026-03-31', '1P02ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'];
const NUMBERS = [0, 1, -1, 2, 3, 7, 10, 25, 50, 51, 75, 76, 100, 2.5, -0.5, 1_767_225_600_000, 1_700_000_000_000];
type Leaf = 'string' | 'number' | 'millis' | 'boolean' | 'null' | 'list' | 'object';
const LEAVES: Array<[Leaf, number]> = [['string', 0.32], ['number', 0.22], ['millis', 0.1], ['boolean', 0.12], ['null', 0.1], ['list', 0.08], ['object', 0.06]];

/** A scope object for one evaluation: reproducible from the Rng's seed. */
export function randomScope(vocabulary: Vocabulary, rng: Rng): Record<string, unknown> {
  // Within one scope a name keeps one kind of leaf (as real records do), mostly.
  const plan = new Map<string, Leaf>();
  const strings = [...STRINGS, ...vocabulary.strings];
  const numbers = [...NUMBERS, ...vocabulary.numbers];
  const weighted = (): Leaf => {
    let r = rng.next();
    for (const [leaf, weight] of LEAVES) if ((r -= weight) < 0) return leaf;
    return 'string';
  };
  const scalar = (): unknown => rng.pick([() => rng.pick(strings), () => rng.pick(numbers), () => rng.chance(0.5), () => null])();
  const leaf = (name: string): unknown => {
    if (!plan.has(name)) plan.set(name, weighted());
    const kind = rng.chance(0.1) ? weighted() : plan.get(name)!;
    switch (kind) {
      case 'string':
        return rng.pick(strings);
      case 'number':
        return rng.pick(numbers);
      case 'millis':
        return rng.int(0, 2_000_000_000) * 1000;
      case 'boolean':
        return rng.chance(0.5);
      case 'null':
        return null;
      case 'list':
        return Array.from({ length: rng.int(0, 3) }, scalar);
      case 'object':
        return rng.chance(0.5) ? {} : { [rng.pick(strings)]: scalar() };
    }
  };
  const object = (name: string, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const child of vocabulary.children.get(name) ?? []) if (rng.chance(0.85)) out[child] = value(child, depth + 1);
    for (const child of vocabulary.children.get(LOOSE) ?? []) if (rng.chance(0.3)) out[child] = value(child, depth + 1);
    return out;
  };
  const value = (name: string, depth: number): unknown => {
    const hasChildren = (vocabulary.children.get(name)?.size ?? 0) > 0 || (name !== LOOSE && rng.chance(0.05));
    if (!hasChildren || depth > 5) return leaf(name);
    const r = rng.next();
    if (r < 0.55) return object(name, depth);
    if (r < 0.78) return Array.from({ length: rng.int(2, 4) }, () => object(name, depth));
    if (r < 0.84) return [object(name, depth)];
    if (r < 0.88) return [[object(name, depth)], [object(name, depth), object(name, depth)]];
    if (r < 0.92) return [];
    if (r < 0.96) return null;
    return leaf(name);
  };
  return object(SCOPE, 0);
}
