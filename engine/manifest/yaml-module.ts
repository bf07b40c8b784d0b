import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let yaml: Yaml | undefined;

/**
 * The `yaml` library, loaded on first use. Most manifests take the fast path (fast-parse.ts) and a
 * clean pack asks for no position, so `yaml` is needed only for a file the fast path refuses or
 * for a diagnostic. Loaded up front it was part of the manifest check's own start, on the critical
 * path of `toolgate serve`'s cold start: importing a per-file build of engine/manifest/check.js
 * cold took a median 166 → 153 ms without it (15 interleaved runs). `require` because positions
 * are computed synchronously; under Node, `import 'yaml'` resolves to this same CommonJS module.
 */
export function yamlModule(): Yaml {
  return (yaml ??= createRequire(import.meta.url)('yaml') as Yaml);
}
