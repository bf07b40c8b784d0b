import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintPaths, type LintResult } from '../../engine/manifest/lint.js';

/** The manifests the fixtures in test/fixtures/lint/ start from: valid on their own. */
export const SERVICE = `apiVersion: toolgate/v1
kind: Service
name: fixture
title: Fixture
description: A things API used by one lint fixture.
upstream:
  baseUrl: https://api.example.com/v1
  headers:
    accesskey: \${THINGS_ACCESS_KEY}
  queryEndpoints: ["POST /things/query"]
scopes:
  - name: things.read
    description: Read things and their owners.
  - name: things.write
    description: Create and update things.
policy:
  permits:
    - object: thing
      actions: [create, update]
      contexts: [Team, Personal]
  notSupported:
    - id: delete-records
      object: "*"
      action: delete
      upstream: ["DELETE /{any}/{id}"]
      reason: Deleting is not supported here; delete things in the app.
    - id: archive-context
      object: thing
      context: Archive
      reason: Things cannot be written into the Archive from the assistant.
    - id: admin-settings
      action: admin
      upstream: ["* /admin/{any}"]
      reason: Settings are changed in the app by administrators only.
`;
export const READ_TOOL = `apiVersion: toolgate/v1
kind: Tool
name: get_thing
title: Read a thing
description: Reads one thing by its id (t-123 style), as listed by list_things.
effect: read
scopes: [things.read]
input:
  type: object
  required: [id]
  properties:
    id:
      type: string
      description: Thing id such as t-1.
request:
  method: GET
  path: /things/{id}
response:
  select: body.data
  output:
    type: object
    properties:
      id: { type: string }
      name: { type: string }
`;
export const WRITE_TOOL = `apiVersion: toolgate/v1
kind: Tool
name: create_thing
title: Create a thing
description: Creates a thing in a team or in the user's personal space; returns its id.
effect: write
writes:
  - object: thing
    action: create
    contextParam: context
scopes: [things.write]
input:
  type: object
  required: [name, context]
  properties:
    name:
      type: string
      description: Name of the thing.
    context:
      type: string
      enum: [Team, Personal]
      description: Where the thing lives.
request:
  method: POST
  path: /things
  body:
    name: "{{ input.name }}"
    context: "{{ input.context }}"
response:
  select: "{ 'id': body.data.id }"
  output:
    type: object
    required: [id]
    properties:
      id: { type: string }
`;
export const COMPOSITE_TOOL = `apiVersion: toolgate/v1
kind: Tool
type: composite
name: thing_overview
title: Thing overview
description: One call for a thing (t-123 style id) with its owner, for a quick summary.
effect: read
scopes: [things.read]
input:
  type: object
  required: [id]
  properties:
    id:
      type: string
      description: Thing id such as t-1.
steps:
  - id: thing
    request:
      method: GET
      path: /things/{id}
    select: body.data
  - id: owner
    needs: [thing]
    request:
      method: GET
      path: /users
      query:
        id: "{{ steps.thing.ownerId }}"
    select: body.data
response:
  select: "{ 'thing': steps.thing, 'owner': steps.owner }"
  output:
    type: object
    properties:
      thing: { type: object }
      owner: { type: object }
`;

/** Replace each `from` (which must occur) by `to`, once. */
export function edit(text: string, ...pairs: Array<[from: string, to: string]>): string {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`edit: ${JSON.stringify(from)} not found`);
    text = text.replace(from, () => to);
  }
  return text;
}

const created: string[] = [];

/** A fresh temporary directory, removed by `removeTempDirs`. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-lint-'));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Write files (relative path → YAML) into a fresh temporary pack directory and lint it. */
export async function lintFiles(files: Record<string, string>): Promise<LintResult & { dir: string }> {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return { ...(await lintPaths([dir])), dir };
}

/** `rule @ line:col` of each diagnostic, for compact assertions. */
export function located(result: LintResult): string[] {
  return result.diagnostics.map((d) => `${d.rule} @ ${d.line}:${d.column}`);
}
