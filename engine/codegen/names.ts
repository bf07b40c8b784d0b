/**
 * Type and value names derived from manifest names. Tool names may hold `_ . -` and start with a
 * digit (MCP allows `^[A-Za-z0-9_.-]{1,64}$`), so every derived name is made a valid identifier.
 */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
    // json-schema-to-typescript capitalises a letter after digits; do the same so that the
    // names we derive are the names it declares.
    .replace(/(\d)([a-z])/g, (_, digit: string, letter: string) => digit + letter.toUpperCase());
  if (joined === '') return 'Tool';
  return /^[0-9]/.test(joined) ? `Tool${joined}` : joined;
}

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** The names one pack file declares besides its per-tool types. */
export interface PackNames {
  /** `NotesTools`: tool name → { input, output }. */
  tools: string;
  /** `NotesToolName`: union of the tool names. */
  toolName: string;
  /** `notesToolNames`: the names at run time. */
  toolNames: string;
}

export function packNames(serviceName: string): PackNames {
  const base = pascalCase(serviceName);
  return { tools: `${base}Tools`, toolName: `${base}ToolName`, toolNames: `${camelCase(serviceName)}ToolNames` };
}

/** Code-unit order: unlike localeCompare it is the same on every machine and ICU build. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
