/**
 * JSONata's processed AST (`jsonata(text).ast()`), as far as the sync compiler reads it, and the
 * compile-time refusal: a node outside the subset means the expression gets no sync evaluator.
 */
export interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  stages?: Node[];
  predicate?: Node[];
  expressions?: Node[];
  lhs?: unknown;
  rhs?: Node;
  expr?: Node;
  expression?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  procedure?: Node;
  arguments?: Node[];
  body?: Node;
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  consarray?: boolean;
  thunk?: boolean;
  [key: string]: unknown;
}

class Unsupported {}
const UNSUPPORTED = new Unsupported();

export function unsupported(): never {
  throw UNSUPPORTED;
}

export function isUnsupported(error: unknown): boolean {
  return error === UNSUPPORTED;
}

/**
 * Properties the compiler understands. Any other one set on a node (group-by, focus `@`, index `#`,
 * parent `%`, tuple streams, sort terms, transform parts, a lambda's signature…) is refused.
 */
const KNOWN = new Set([
  'type', 'value', 'position', 'steps', 'stages', 'predicate', 'expressions', 'lhs', 'rhs', 'condition', 'then', 'else',
  'procedure', 'arguments', 'body', 'expression', 'keepArray', 'keepSingletonArray', 'consarray', 'thunk', 'name',
]);

export function checkKeys(n: Node, allowed: ReadonlySet<string> = KNOWN): void {
  // Own properties only: the parser's tokens inherit `nud`, `led`, `lbp`… from their symbol.
  for (const key of Object.keys(n)) if (n[key] !== undefined && !allowed.has(key)) unsupported();
}

/** Only `type`, `value` and `position`: a plain literal, name, variable or regex. */
export const PLAIN = new Set(['type', 'value', 'position']);

/** Names bound anywhere by `:=` or as a lambda parameter: these are looked up in frames at run time. */
export function boundNames(ast: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object' || node instanceof RegExp) return;
    const n = node as Node;
    if (n.type === 'bind' && (n.lhs as Node | undefined)?.type === 'variable') names.add(String((n.lhs as Node).value));
    if (n.type === 'lambda') for (const p of n.arguments ?? []) names.add(String(p.value));
    for (const key of Object.keys(n)) visit(n[key]);
  };
  visit(ast);
  return names;
}
