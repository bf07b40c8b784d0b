import { fail } from '../http/errors.js';
import { isObject, type Json } from '../query/parse-common.js';
import { isGsid, parseDate, parseDateTime } from '../query/values.js';

interface Options {
  required?: boolean;
  max?: number;
}

/**
 * Reads one write record field by field with Gainsight's error codes: missing required value →
 * GSOBJ_1007, wrong type → GSOBJ_1003, too long → GSOBJ_1001, bad GSID → GSOBJ_1004, bad date →
 * GSOBJ_1005/1006. A field may go by several names (`type` or `TypeName`); the first present wins.
 * Unknown keys are refused (GSOBJ_1002) so that a misspelt field is not silently dropped.
 */
export class RecordReader {
  private readonly seen = new Set<string>();

  constructor(readonly record: Json) {}

  static of(value: unknown, label: string): RecordReader {
    if (!isObject(value)) throw fail.malformed(`${label} must be a JSON object`);
    return new RecordReader(value);
  }

  has(...names: string[]): boolean {
    return names.some((n) => this.record[n] !== undefined);
  }

  private raw(names: readonly string[], required: boolean | undefined): { name: string; value: unknown } | undefined {
    names.forEach((n) => this.seen.add(n));
    const name = names.find((n) => this.record[n] !== undefined && this.record[n] !== null && this.record[n] !== '');
    if (name === undefined) {
      if (required) throw fail.invalidNull(names[0] ?? '?');
      return undefined;
    }
    return { name, value: this.record[name] };
  }

  string(names: string | readonly string[], { required, max = 255 }: Options = {}): string | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, required);
    if (!found) return undefined;
    if (typeof found.value !== 'string') throw fail.invalidValue(found.name, 'a string');
    if (found.value.length > max) throw fail.tooLong(found.name, max);
    return found.value;
  }

  /** Rich text fields take HTML, as Gainsight's do. */
  html(names: string | readonly string[], options: Options = {}): string | undefined {
    return this.string(names, { max: 131_072, ...options });
  }

  gsid(names: string | readonly string[], options: Options = {}): string | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, options.required);
    if (!found) return undefined;
    const text = typeof found.value === 'string' ? found.value.toUpperCase() : '';
    if (!isGsid(text)) throw fail.invalidGsid(found.name, `${JSON.stringify(found.value)} is not a valid GSID`);
    return text;
  }

  date(names: string | readonly string[], options: Options = {}): string | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, options.required);
    if (!found) return undefined;
    const date = parseDate(found.value);
    if (!date) throw fail.invalidDate(found.name);
    return date;
  }

  datetime(names: string | readonly string[], options: Options = {}): Date | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, options.required);
    if (!found) return undefined;
    const instant = parseDateTime(found.value);
    if (!instant) throw fail.invalidDateTime(found.name);
    return instant;
  }

  boolean(names: string | readonly string[]): boolean | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, false);
    if (!found) return undefined;
    if (typeof found.value !== 'boolean') throw fail.invalidValue(found.name, 'true or false');
    return found.value;
  }

  list(names: string | readonly string[]): string[] | undefined {
    const found = this.raw(typeof names === 'string' ? [names] : names, false);
    if (!found) return undefined;
    if (!Array.isArray(found.value) || found.value.some((v) => typeof v !== 'string')) {
      throw fail.invalidValue(found.name, 'an array of strings');
    }
    return found.value as string[];
  }

  /** Call after reading: refuses keys no reader asked for. `ignore` lists keys allowed but unused. */
  rejectUnknown(objectName: string, ignore: readonly string[] = []): void {
    const unknown = Object.keys(this.record).filter((k) => !this.seen.has(k) && !ignore.includes(k));
    if (unknown.length > 0) throw fail.invalidField(unknown.join(', '), objectName);
  }
}
