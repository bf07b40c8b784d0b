import { fail } from '../http/errors.js';
import { findField, findObject, type FieldDef, type ObjectDef } from '../objects/index.js';

/** A field reached from the root object, possibly through `__gr` lookups (`Csm__gr.Email`). */
export interface ResolvedPath {
  path: string;
  field: FieldDef;
  /** Qualified column, e.g. `j1.email`; built only from whitelisted names. */
  sql: string;
}

const MAX_HOPS = 3;
const ROOT = 't';

/**
 * Resolves field paths against the whitelists and collects the LEFT JOINs the `__gr` hops need.
 * A hop shared by several paths (`Csm__gr.Name`, `Csm__gr.Email`) joins once.
 */
export class JoinPlan {
  private readonly joins = new Map<string, { alias: string; object: ObjectDef; clause: string }>();

  constructor(readonly root: ObjectDef) {}

  resolve(path: string): ResolvedPath {
    const resolved = this.tryResolve(path);
    if (!resolved) throw fail.invalidField(path, this.root.name);
    return resolved;
  }

  /** Like resolve, but undefined for a path no whitelist knows. */
  tryResolve(path: string): ResolvedPath | undefined {
    const segments = path.split('.');
    if (segments.length - 1 > MAX_HOPS || segments.some((s) => s.length === 0)) return undefined;
    let object = this.root;
    let alias = ROOT;
    let prefix = '';
    for (const segment of segments.slice(0, -1)) {
      const hop = /^(.+)__gr$/.exec(segment);
      const via = hop?.[1] ? findField(object, hop[1]) : undefined;
      const target = via?.lookup && via.type !== 'multi' ? findObject(via.lookup) : undefined;
      if (!via || !target) return undefined;
      prefix = prefix ? `${prefix}.${via.name}` : via.name;
      alias = this.join(prefix, alias, via, target);
      object = target;
    }
    const field = findField(object, segments[segments.length - 1] ?? '');
    if (!field) return undefined;
    return { path, field, sql: `${alias}.${field.column}` };
  }

  fromSql(): string {
    const clauses = [...this.joins.values()].map((j) => j.clause);
    return [`${this.root.table} ${ROOT}`, ...clauses].join(' ');
  }

  private join(key: string, fromAlias: string, via: FieldDef, target: ObjectDef): string {
    const existing = this.joins.get(key);
    if (existing) return existing.alias;
    const alias = `j${this.joins.size + 1}`;
    const clause = `LEFT JOIN ${target.table} ${alias} ON ${alias}.gsid = ${fromAlias}.${via.column}`;
    this.joins.set(key, { alias, object: target, clause });
    return alias;
  }
}

export const ROOT_ALIAS = ROOT;
