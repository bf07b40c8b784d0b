/**
 * Field whitelists: the only names a request may use. SQL identifiers come from here, never from
 * the request, so a field in a query is either known (and mapped to its column) or refused.
 */
export type FieldType =
  | 'string'
  | 'richtext'
  | 'email'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'datetime'
  /** The record's own id, or an id of another object (`lookup` names which). */
  | 'gsid'
  /** A single-select picklist; the value is an item GSID (`1I00…`). */
  | 'picklist'
  /** A multi-select picklist or a multi-valued lookup: an array of GSIDs. */
  | 'multi';

export interface FieldDef {
  /** API name, e.g. `RenewalDate`, `Csm`, `Company_ID`. */
  name: string;
  column: string;
  type: FieldType;
  /** Object whose Gsid this field holds, which makes `Name__gr.Field` traversal possible. */
  lookup?: string;
  /** Picklist category for `picklist`/`multi` fields. */
  picklist?: string;
  label: string;
}

export interface ObjectDef {
  /** API name as it appears in paths, e.g. `Company`, `activity_timeline`. */
  name: string;
  label: string;
  /** Schema-qualified table. */
  table: string;
  gsidPrefix: string;
  fields: readonly FieldDef[];
  /** Listed by the generic query and describe endpoints (internal objects like picklist are not). */
  queryable: boolean;
}

/** `RenewalDate` → `renewal_date`, `CTAId` → `cta_id`, `Company_ID` → `company_id`. */
export function columnOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/_+/g, '_')
    .toLowerCase();
}

function labelOf(name: string): string {
  return name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

type FieldOptions = Partial<Pick<FieldDef, 'lookup' | 'picklist' | 'column' | 'label'>>;

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  return { name, type, column: options.column ?? columnOf(name), label: options.label ?? labelOf(name), ...options };
}

/** Lookup to another object's Gsid. */
export function ref(name: string, lookup: string, options: FieldOptions = {}): FieldDef {
  return field(name, 'gsid', { ...options, lookup });
}

export function pick(name: string, category: string, options: FieldOptions = {}): FieldDef {
  return field(name, 'picklist', { ...options, picklist: category, lookup: 'picklist' });
}

export const SCHEMA = 'sandbox';

export function table(name: string): string {
  return `${SCHEMA}.${name}`;
}

/** Gsid, CreatedDate, ModifiedDate, CreatedBy, ModifiedBy: present on every standard object. */
export function systemFields(): FieldDef[] {
  return [
    field('Gsid', 'gsid'),
    field('CreatedDate', 'datetime'),
    field('ModifiedDate', 'datetime'),
    ref('CreatedBy', 'gsuser'),
    ref('ModifiedBy', 'gsuser'),
  ];
}
