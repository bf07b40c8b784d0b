/**
 * Write tools for the scale pack, shaped like the gainsight-cs pack's own writes (cockpit CTAs and
 * tasks, success plans, timeline activities), so that the 1,000-tool mix has writes whether or not
 * the pack being measured already ships them. Each is a full manifest that lints clean.
 */
export const WRITE_TEMPLATES: readonly string[] = [
  `apiVersion: toolgate/v1
kind: Tool
name: create_cta
title: Create a CTA
description: >
  Creates a call to action (CTA) on a company, such as a risk to follow up or an expansion to
  pursue. Needs the company GSID (1P02…) from resolve_company. A retried call with the same
  arguments returns the CTA created the first time.
effect: write
writes:
  - { object: cta, action: create }
scopes: [gainsight.write]
input:
  type: object
  required: [companyId, name, type, dueDate]
  properties:
    companyId: { type: string, pattern: "^1P02[0-9A-Z]{32}$", description: Company GSID (1P02…). }
    name: { type: string, minLength: 3, maxLength: 200, description: What has to be done. }
    type: { type: string, enum: [Risk, Expansion, Lifecycle, Activity, Objective], description: CTA type. }
    priority: { type: string, enum: [High, Medium, Low], description: Priority; Medium when left out. }
    dueDate: { type: string, format: date, description: "Due date, YYYY-MM-DD." }
    comments: { type: string, maxLength: 4000, description: Notes for the owner. }
request:
  method: POST
  path: /v2/cockpit/cta
  body:
    requests:
      - record:
          referenceId: "{{ $idempotencyKey(input) }}"
          CompanyId: "{{ input.companyId }}"
          Name: "{{ input.name }}"
          type: "{{ input.type }}"
          priority: "{{ input.priority }}"
          DueDate: "{{ input.dueDate }}"
          Comments: "{{ input.comments }}"
response:
  select: "{ 'gsid': body.data.success[0].Gsid, 'created': body.data.success[0].created }"
  output:
    type: object
    required: [gsid]
    properties:
      gsid: { type: string, description: GSID of the CTA (1S01…). }
      created: { type: boolean }
examples:
  - input: { companyId: 1P02JCWBG61L8XB5WRN2B57KXHRBCA1JIW5J, name: Renewal check-in, type: Lifecycle, dueDate: "2026-03-31" }
`,
  `apiVersion: toolgate/v1
kind: Tool
name: update_cta
title: Update a CTA
description: >
  Changes the name, priority, status, due date or comments of one CTA; fields left out keep
  their value. The CTA GSID (1S01…) comes from list_ctas.
effect: write
writes:
  - { object: cta, action: update }
scopes: [gainsight.write]
annotations:
  idempotentHint: true
input:
  type: object
  required: [ctaId]
  properties:
    ctaId: { type: string, pattern: "^1S01[0-9A-Z]{32}$", description: CTA GSID (1S01…). }
    name: { type: string, minLength: 3, maxLength: 200, description: New name. }
    priority: { type: string, enum: [High, Medium, Low], description: New priority. }
    status: { type: string, enum: [New, Work In Progress, Closed Success, Closed Lost], description: New status. }
    dueDate: { type: string, format: date, description: "New due date, YYYY-MM-DD." }
request:
  method: PUT
  path: /v2/cockpit/cta
  body:
    requests:
      - record:
          Gsid: "{{ input.ctaId }}"
          Name: "{{ input.name }}"
          priority: "{{ input.priority }}"
          status: "{{ input.status }}"
          DueDate: "{{ input.dueDate }}"
response:
  select: "{ 'gsid': body.data.success[0].Gsid }"
  output:
    type: object
    required: [gsid]
    properties:
      gsid: { type: string }
examples:
  - input: { ctaId: 1S01JCWBG61L8XB5WRN2B57KXHRBCA1JIW5J, status: Work In Progress }
`,
  `apiVersion: toolgate/v1
kind: Tool
name: log_timeline_activity
title: Log a timeline activity
description: >
  Logs a call, meeting, email or note on the timeline of a company, relationship, CTA or
  success plan. A retried call with the same arguments logs nothing new.
effect: write
writes:
  - { object: timeline_activity, action: create, contextParam: context }
scopes: [gainsight.write]
input:
  type: object
  required: [context, contextId, type, subject, activityDate]
  properties:
    context: { type: string, enum: [Company, Relationship, CTA, SuccessPlan], description: What the activity is logged on. }
    contextId: { type: string, minLength: 36, maxLength: 36, description: GSID of that record. }
    type: { type: string, enum: [Call, Meeting, Email, Update], description: Activity type. }
    subject: { type: string, minLength: 3, maxLength: 200, description: One-line subject. }
    notes: { type: string, maxLength: 8000, description: What happened. }
    activityDate: { type: string, format: date-time, description: When it happened (ISO 8601). }
request:
  method: POST
  path: /v1/ant/es/activity
  body:
    records:
      - ContextName: "{{ input.context }}"
        ContextId: "{{ input.contextId }}"
        TypeName: "{{ input.type }}"
        ExternalId: "{{ $idempotencyKey(input) }}"
        Subject: "{{ input.subject }}"
        Notes: "{{ input.notes }}"
        ActivityDate: "{{ input.activityDate }}"
response:
  select: "{ 'activityId': body.data.records[0].ActivityId }"
  output:
    type: object
    required: [activityId]
    properties:
      activityId: { type: string }
examples:
  - input: { context: Company, contextId: 1P02JCWBG61L8XB5WRN2B57KXHRBCA1JIW5J, type: Call, subject: QBR prep, activityDate: "2026-01-10T15:00:00Z" }
`,
  `apiVersion: toolgate/v1
kind: Tool
name: create_cta_task
title: Add a task to a CTA
description: >
  Adds a task to a CTA (GSID 1S01… from list_ctas) with an owner and a due date. A retried call
  with the same arguments returns the task created the first time.
effect: write
writes:
  - { object: cta_task, action: create }
scopes: [gainsight.write]
input:
  type: object
  required: [ctaId, name, dueDate]
  properties:
    ctaId: { type: string, pattern: "^1S01[0-9A-Z]{32}$", description: CTA GSID (1S01…). }
    name: { type: string, minLength: 3, maxLength: 200, description: The task. }
    dueDate: { type: string, format: date, description: "Due date, YYYY-MM-DD." }
    priority: { type: string, enum: [High, Medium, Low], description: Priority. }
request:
  method: POST
  path: /v2/cockpit/task
  body:
    requests:
      - record:
          referenceId: "{{ $idempotencyKey(input) }}"
          CTAId: "{{ input.ctaId }}"
          Name: "{{ input.name }}"
          DueDate: "{{ input.dueDate }}"
          Priority: "{{ input.priority }}"
response:
  select: "{ 'gsid': body.data.success[0].Gsid }"
  output:
    type: object
    required: [gsid]
    properties:
      gsid: { type: string }
examples:
  - input: { ctaId: 1S01JCWBG61L8XB5WRN2B57KXHRBCA1JIW5J, name: Send the renewal quote, dueDate: "2026-02-15" }
`,
];
