import { parsesAsExpression } from '../../engine/compile/expression.js';
import { loadPacks } from '../../engine/manifest/packs.js';

/** One JSONata expression of a manifest, and where it stands (for test names). */
export interface ManifestExpression {
  where: string;
  text: string;
}

const WHOLE = /^\s*\{\{([\s\S]*)\}\}\s*$/;
const PART = /\{\{([\s\S]*?)\}\}/g;

/**
 * Every expression the runtime would compile from these manifests: the service's error envelope,
 * each request template's `{{ … }}` (split as engine/compile/template.ts splits them), each step's
 * `when` and `select`, and each response `select`. Duplicated texts are listed once.
 */
export async function manifestExpressions(paths: readonly string[]): Promise<ManifestExpression[]> {
  const { packs } = await loadPacks(paths);
  const found = new Map<string, string>();
  const add = (where: string, text: string) => {
    if (!found.has(text.trim())) found.set(text.trim(), where);
  };
  const walk = (where: string, value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('{{')) return;
      const whole = WHOLE.exec(value);
      if (whole && (!whole[1]!.includes('}}') || parsesAsExpression(whole[1]!))) add(where, whole[1]!);
      else for (const match of value.matchAll(PART)) add(where, match[1]!);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${where}[${i}]`, item));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(`${where}.${key}`, item);
    }
  };
  for (const pack of packs) {
    const errors = pack.service.manifest.upstream.errors;
    for (const key of ['when', 'code', 'message', 'notFound'] as const) {
      const text = errors?.[key];
      if (text) add(`${pack.service.manifest.name} errors.${key}`, text);
    }
    for (const { manifest: tool } of pack.tools) {
      if (tool.request) walk(`${tool.name} request`, tool.request);
      tool.steps?.forEach((step) => {
        walk(`${tool.name} ${step.id}.request`, step.request);
        if (step.when) add(`${tool.name} ${step.id}.when`, step.when);
        if (step.select) add(`${tool.name} ${step.id}.select`, step.select);
      });
      if (tool.response.select) add(`${tool.name} response.select`, tool.response.select);
    }
  }
  return [...found].map(([text, where]) => ({ where, text }));
}
