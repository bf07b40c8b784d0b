import type { JsonPath } from '../manifest/source.js';
import { compileExpression, ExpressionError, NOT_SYNC, parsesAsExpression, type CompiledExpression, type ExpressionRefs } from './expression.js';

/** Returned for a value that must be left out of the request (an absent optional input). */
export const OMIT: unique symbol = Symbol('omit');

export interface CompiledTemplate {
  readonly refs: ExpressionRefs;
  evaluate(scope: Record<string, unknown>): Promise<unknown>;
  /** The value without a promise when every expression in it gives one (see CompiledExpression); else NOT_SYNC. */
  evaluateSync(scope: Record<string, unknown>): unknown;
}

export interface TemplateProblem {
  /** Path of the offending value, relative to the template's root. */
  path: JsonPath;
  message: string;
}

const WHOLE = /^\s*\{\{([\s\S]*)\}\}\s*$/;
const PART = /\{\{([\s\S]*?)\}\}/g;

/**
 * Compile a request template (query, headers, body) once at load:
 * - a string that is exactly `{{ expr }}` takes the expression's value, any JSON type;
 * - `{{ expr }}` inside a longer string is interpolated as text;
 * - anything else is a literal.
 * An expression that yields undefined (an absent optional input) removes its key or array item,
 * so the upstream never receives `null` for something the caller did not say.
 * Under compileLinted no expression is parsed, so `problems` stays empty: the linter reported them.
 */
export function compileTemplate(value: unknown): { template: CompiledTemplate; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const expressions: CompiledExpression[] = [];
  const build = (node: unknown, path: JsonPath): Evaluator => {
    if (typeof node === 'string') return stringEvaluator(node, path, expressions, problems);
    if (Array.isArray(node)) {
      const items = node.map((item, i) => build(item, [...path, i]));
      if (items.every((i) => i.constant)) return constant(node);
      return {
        constant: false,
        sync(scope) {
          const out: unknown[] = [];
          for (const item of items) {
            const v = item.sync(scope);
            if (v === NOT_SYNC) return NOT_SYNC;
            if (v !== OMIT) out.push(v);
          }
          return out;
        },
        async run(scope) {
          const out = await Promise.all(items.map((i) => i.run(scope)));
          return out.filter((v) => v !== OMIT);
        },
      };
    }
    if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node).map(([k, v]) => [k, build(v, [...path, k])] as const);
      if (entries.every(([, e]) => e.constant)) return constant(node);
      return {
        constant: false,
        sync(scope) {
          const out: Record<string, unknown> = {};
          for (const [k, e] of entries) {
            const v = e.sync(scope);
            if (v === NOT_SYNC) return NOT_SYNC;
            if (v !== OMIT) out[k] = v;
          }
          return out;
        },
        async run(scope) {
          const values = await Promise.all(entries.map(([, e]) => e.run(scope)));
          const out: Record<string, unknown> = {};
          entries.forEach(([k], i) => {
            if (values[i] !== OMIT) out[k] = values[i];
          });
          return out;
        },
      };
    }
    return constant(node);
  };
  const root = build(value, []);
  let refs: ExpressionRefs | undefined;
  // Gathered when first read (by the linter only): under compileLinted no expression is parsed yet.
  const template: CompiledTemplate = {
    get refs() {
      return (refs ??= mergeRefs(expressions));
    },
    // One promise for the whole template where every expression answers synchronously, rather
    // than one per field (and JSONata's one per AST node).
    evaluate(scope) {
      const value = root.sync(scope);
      return value === NOT_SYNC ? root.run(scope) : Promise.resolve(value);
    },
    evaluateSync: (scope) => root.sync(scope),
  };
  return { template, problems };
}

function mergeRefs(expressions: readonly CompiledExpression[]): ExpressionRefs {
  const refs: ExpressionRefs = { input: new Set(), wholeInput: false, steps: new Set(), inputInItem: new Set() };
  for (const expression of expressions) {
    expression.refs.input.forEach((r) => refs.input.add(r));
    expression.refs.steps.forEach((r) => refs.steps.add(r));
    refs.wholeInput ||= expression.refs.wholeInput;
  }
  return refs;
}

interface Evaluator {
  constant: boolean;
  /** The value now, or NOT_SYNC when an expression in it needs JSONata's evaluator. */
  sync(scope: Record<string, unknown>): unknown;
  run(scope: Record<string, unknown>): Promise<unknown>;
}

function constant(value: unknown): Evaluator {
  const resolved = Promise.resolve(value);
  return { constant: true, sync: () => value, run: () => resolved };
}

function stringEvaluator(text: string, path: JsonPath, expressions: CompiledExpression[], problems: TemplateProblem[]): Evaluator {
  const compile = (source: string) => {
    try {
      const expression = compileExpression(source);
      expressions.push(expression);
      return expression;
    } catch (error) {
      const e = error as ExpressionError;
      problems.push({ path, message: `invalid expression \`{{${source}}}\`: ${e.message}` });
      return undefined;
    }
  };
  const whole = WHOLE.exec(text);
  // `{{ … }}` around the whole string is one expression when its inside parses as one; JSONata
  // object constructors contain "}}" themselves, so parsing decides, not the braces.
  if (whole && (!whole[1]!.includes('}}') || parsesAsExpression(whole[1]!))) {
    const expression = compile(whole[1]!);
    if (!expression) return constant(OMIT);
    return {
      constant: false,
      sync(scope) {
        const v = expression.evaluateSync(scope);
        return v === undefined ? OMIT : v;
      },
      async run(scope) {
        const v = await expression.evaluate(scope);
        return v === undefined ? OMIT : v;
      },
    };
  }
  const parts: Array<string | ReturnType<typeof compile>> = [];
  let last = 0;
  for (const match of text.matchAll(PART)) {
    parts.push(text.slice(last, match.index));
    parts.push(compile(match[1]!));
    last = match.index! + match[0].length;
  }
  if (parts.length === 0) return constant(text);
  parts.push(text.slice(last));
  return {
    constant: false,
    sync(scope) {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        if (!part) return OMIT;
        const v = part.evaluateSync(scope);
        if (v === NOT_SYNC) return NOT_SYNC;
        if (v === undefined) return OMIT;
        out += typeof v === 'string' ? v : JSON.stringify(v);
      }
      return out;
    },
    async run(scope) {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        if (!part) return OMIT;
        const v = await part.evaluate(scope);
        if (v === undefined) return OMIT;
        out += typeof v === 'string' ? v : JSON.stringify(v);
      }
      return out;
    },
  };
}
