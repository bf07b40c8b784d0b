import { compile, type Options } from 'json-schema-to-typescript';

/**
 * Every option spelled out, prettier style included, so that the output depends only on the
 * locked versions of json-schema-to-typescript and prettier, never on their defaults changing or
 * on a prettier config file near the user (the library passes `style` straight to prettier and
 * resolves no config file of its own).
 */
const BASE_OPTIONS: Partial<Options> = {
  bannerComment: '',
  format: true,
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  enableConstEnums: true,
  declareExternallyReferenced: true,
  inferStringEnumKeysFromValues: false,
  ignoreMinAndMaxItems: false,
  maxItems: 20,
  // Manifests are configuration, not code: a `$ref` must never read a file or the network.
  $refOptions: { resolve: { external: false } } as Options['$refOptions'],
  style: {
    bracketSpacing: false,
    printWidth: 120,
    semi: true,
    singleQuote: false,
    tabWidth: 2,
    trailingComma: 'none',
    useTabs: false,
    endOfLine: 'lf',
  },
};

export interface CompileOptions {
  /** Also declare definitions nothing references (the manifest schema's building blocks). */
  unreachableDefinitions?: boolean;
}

/** One json-schema-to-typescript run; the result ends with exactly one newline. */
export async function schemaToTypes(schema: object, rootName: string, options: CompileOptions = {}): Promise<string> {
  const text = await compile(schema as Parameters<typeof compile>[0], rootName, {
    ...BASE_OPTIONS,
    unreachableDefinitions: options.unreachableDefinitions ?? false,
  });
  return `${text.trimEnd()}\n`;
}
