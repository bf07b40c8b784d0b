import type { Document, LineCounter, Node } from 'yaml';
import { yamlModule } from './yaml-module.js';

export type JsonPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/** A document's `yaml` nodes (with their source ranges) and its file's line index. */
export interface SourceNodes {
  doc: Document.Parsed;
  lines: LineCounter;
}

/**
 * One parsed YAML document with a way back from a JSON path to its place in the file, so that
 * every later check (schema, lint rules, compile) can report file:line:col. Positions are asked
 * for only when there is something to report, so `nodes` may build them on the first call (see
 * load.ts); it is called again on every call and must memoize.
 */
export class SourceDocument {
  constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly nodes: () => SourceNodes,
  ) {}

  /** Position of the node at `path`, or of its nearest existing ancestor. */
  position(path: JsonPath, which: 'key' | 'value' = 'value'): Position {
    const { doc, lines } = this.nodes();
    const { isMap, isScalar, isSeq } = yamlModule();
    let node: Node | null | undefined = doc.contents;
    let keyNode: Node | null | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value as Node | null;
        if (node == null) {
          node = keyNode;
          break;
        }
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        keyNode = undefined;
        node = node.items[segment] as Node;
      } else {
        break;
      }
    }
    const target = which === 'key' && keyNode ? keyNode : node;
    const offset = target?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  }

  /** Position of a byte offset in the file (for YAML parser errors and expression errors). */
  offsetPosition(offset: number): Position {
    const { line, col } = this.nodes().lines.linePos(offset);
    return { line, column: col };
  }
}
