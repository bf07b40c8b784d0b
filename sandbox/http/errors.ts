/**
 * The error family of the sandbox. Codes are Gainsight's where its documentation shows them;
 * the ones marked (inferred) fill gaps with the same naming so that clients can match on codes.
 */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Optional `data` for the envelope, e.g. per-record errors of a bulk write. */
    readonly data: unknown = null,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export const codes = {
  malformed: 'GSOBJ_1000', // (inferred) body is not the JSON object the endpoint expects
  tooLong: 'GSOBJ_1001',
  invalidField: 'GSOBJ_1002',
  invalidValue: 'GSOBJ_1003', // (inferred) value of the wrong type for its field
  invalidGsid: 'GSOBJ_1004',
  invalidDate: 'GSOBJ_1005',
  invalidDateTime: 'GSOBJ_1006',
  invalidNull: 'GSOBJ_1007',
  invalidOperator: 'GSOBJ_1008', // (inferred)
  invalidExpression: 'GSOBJ_1009', // (inferred)
  limitExceeded: 'GSOBJ_1010', // (inferred)
  noMatch: 'GSOBJ_1011',
  duplicate: 'GSOBJ_1012', // (inferred) unique value already taken
  invalidSelect: 'COCKPIT_5101',
  unauthorized: 'GS_APIG_2401',
  notFound: 'GS_APIG_2404', // (inferred) no such endpoint
  rateLimited: 'GS_APIG_2429', // (inferred)
  internal: 'GS_SANDBOX_5000', // (inferred)
} as const;

export const fail = {
  malformed: (message: string) => new SandboxError(codes.malformed, message),
  invalidField: (name: string, object: string) =>
    new SandboxError(codes.invalidField, `Invalid field ${name} for object ${object}`),
  invalidObject: (name: string, known: readonly string[]) =>
    new SandboxError(codes.invalidField, `Invalid object ${name}; objects: ${known.join(', ')}`),
  invalidValue: (name: string, expected: string) =>
    new SandboxError(codes.invalidValue, `Invalid value for field ${name}: expected ${expected}`),
  invalidGsid: (name: string, detail = 'GSID is invalid or missing') =>
    new SandboxError(codes.invalidGsid, `${name}: ${detail}`),
  invalidDate: (name: string) =>
    new SandboxError(codes.invalidDate, `Invalid date for field ${name}: expected yyyy-MM-dd`),
  invalidDateTime: (name: string) =>
    new SandboxError(codes.invalidDateTime, `Invalid datetime for field ${name}: expected ISO 8601 or epoch milliseconds`),
  invalidNull: (name: string) => new SandboxError(codes.invalidNull, `Field ${name} cannot be null or missing`),
  tooLong: (name: string, max: number) =>
    new SandboxError(codes.tooLong, `Field ${name} is longer than ${max} characters`),
  invalidOperator: (message: string) => new SandboxError(codes.invalidOperator, message),
  invalidExpression: (message: string) => new SandboxError(codes.invalidExpression, message),
  limitExceeded: (message: string) => new SandboxError(codes.limitExceeded, message),
  noMatch: (message = 'No data found') => new SandboxError(codes.noMatch, message),
  invalidSelect: (names: string[]) =>
    new SandboxError(codes.invalidSelect, `Invalid fields in select: ${names.join(', ')}`),
};
