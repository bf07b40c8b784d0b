/**
 * The two upstream requests every row of the benchmark ends in, built the way the gainsight-cs
 * pack's resolve_company and create_cta manifests build them, so that the floor, the baseline
 * and the peer ask the sandbox for exactly the same work as toolgate does.
 */
import { createHash } from 'node:crypto';

export const QUERY_COMPANY_PATH = '/v1/data/objects/query/Company';
export const CREATE_CTA_PATH = '/v2/cockpit/cta';

export const COMPANY_SELECT = ['Gsid', 'Name', 'Arr', 'Stage__gr.Name', 'Status__gr.Name', 'RenewalDate', 'Csm__gr.Name', 'CurrentScore'];

/** resolve_company's request body (manifests/gainsight-cs/companies/resolve-company.yaml). */
export function resolveCompanyBody(name: string, limit = 10): Record<string, unknown> {
  return {
    select: COMPANY_SELECT,
    where: { conditions: [{ name: 'Name', alias: 'A', operator: 'CONTAINS', value: [name] }], expression: 'A' },
    orderBy: { Arr: 'desc' },
    limit,
    offset: 0,
  };
}

export interface CreateCtaArgs {
  companyId: string;
  name: string;
  type: string;
  dueDate: string;
  priority?: string;
  comments?: string;
  important?: boolean;
}

/** create_cta's request body (manifests/gainsight-cs/cockpit/create-cta.yaml): one record, a referenceId derived from the arguments. */
export function createCtaBody(args: CreateCtaArgs): Record<string, unknown> {
  const record: Record<string, unknown> = {
    referenceId: createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 32),
    CompanyId: args.companyId,
    Name: args.name,
    type: args.type,
    DueDate: args.dueDate,
    // The pack's input schema defaults `important` to false, and its body template sends it.
    IsImportant: args.important ?? false,
  };
  if (args.priority !== undefined) record.priority = args.priority;
  if (args.comments !== undefined) record.Comments = args.comments;
  return { requests: [{ record }] };
}
