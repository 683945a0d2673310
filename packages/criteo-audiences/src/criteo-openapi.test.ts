import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ADVERTISER_ID, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

// Criteo's own OpenAPI document, kept byte for byte outside the package (see specs/README.md).
const SPEC_FILE = 'criteo-marketingsolutions-2026-07.json';
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const specPath = [
  process.env.CRITEO_OPENAPI_SPEC,
  resolve(repositoryRoot, 'specs', SPEC_FILE),
  resolve(repositoryRoot, 'shared/specs', SPEC_FILE),
  resolve(repositoryRoot, '../shared/specs', SPEC_FILE),
].find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: object;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  security?: Array<Record<string, string[]>>;
}
interface Spec {
  paths: Record<string, Record<string, Operation | Parameter[]>>;
}

const { mock } = setupCriteoMock();

describe('requests validate against Criteo OpenAPI 2026-07', () => {
  it('finds the spec file', () => {
    expect(specPath, `${SPEC_FILE} not found; set CRITEO_OPENAPI_SPEC`).toBeDefined();
  });

  it('rejects bodies the spec forbids (the check can fail)', () => {
    const { ajv } = loadSpec();
    const amendment = `criteo#${pointer(['components', 'schemas', 'ContactlistAmendmentRequest'])}`;
    expect(ajv.validate(amendment, { data: { type: 'ContactlistAmendment', attributes: { operation: 'upsert', identifiers: ['x'] } } })).toBe(false);
    expect(ajv.validate(amendment, { data: { type: 'ContactlistAmendment', attributes: { operation: 'add', identifiers: ['x'], gumCallerId: '42' } } })).toBe(false);
    expect(ajv.validate(amendment, { data: { type: 'ContactlistAmendment', attributes: { operation: 'add', identifiers: ['x'] } } })).toBe(true);
  });

  it('every call the client makes matches an operation, its parameters and its request body schema', async () => {
    const { spec, ajv } = loadSpec();

    for (let index = 0; index < 120; index++) mock.addSegment({ advertiserId: ADVERTISER_ID, name: `filler ${index}` });
    const client = testClient();
    const segment = await client.ensureSegment({ name: 'Spec check', description: 'validated against the OpenAPI document' });
    await client.ensureSegment({ name: 'Spec check no description' });
    await client.addMembers(segment.id, ['a@example.com', 'b@example.com']);
    await client.removeMembers(segment.id, ['a@example.com']);
    await client.replaceMembers(segment.id, ['c@example.com']);
    await client.addMembers(segment.id, ['6d92078a-8246-4ba4-ae5b-76104861e7dc'], { identifierType: 'madid' });
    await client.addMembers(segment.id, ['XY1005abc'], { identifierType: 'identityLink' });
    await client.addMembers(segment.id, ['gum-id-1'], { identifierType: 'gum', gumCallerId: 42 });
    await client.getStatistics(segment.id);

    const exercised = new Set<string>();
    const problems: string[] = [];
    for (const call of mock.calls.filter((entry) => entry.path.includes('/marketing-solutions/'))) {
      const found = findOperation(spec, call.method.toLowerCase(), call.path);
      if (found === undefined) {
        problems.push(`${call.method} ${call.path}: no such operation`);
        continue;
      }
      const { operation, pathParameters } = found;
      exercised.add(operation.operationId);
      const where = `${operation.operationId}`;
      if (operation.security !== undefined) expect(call.headers.authorization, where).toMatch(/^Bearer \S+$/);
      for (const parameter of operation.parameters ?? []) {
        let value: unknown;
        if (parameter.in === 'query') value = call.query.get(parameter.name) ?? undefined;
        else if (parameter.in === 'path') value = pathParameters[parameter.name];
        else continue;
        if (value === undefined) {
          if (parameter.required) problems.push(`${where}: missing ${parameter.name}`);
          continue;
        }
        const typed = (parameter.schema as { type?: string }).type === 'integer' ? Number(value) : value;
        if (!ajv.validate(parameter.schema, typed)) problems.push(`${where} ${parameter.name}: ${ajv.errorsText()}`);
      }
      const body = operation.requestBody?.content['application/json'];
      if (body !== undefined) {
        expect(call.headers['content-type'], where).toContain('application/json');
        // Compiled by reference into the whole document, so that its internal $refs resolve.
        const validate = ajv.compile({ $ref: `criteo#${pointer(['paths', found.template, call.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'])}` });
        if (!validate(call.body)) problems.push(`${where} body: ${ajv.errorsText(validate.errors)}`);
      } else if (call.rawBody !== '') {
        problems.push(`${where}: sends a body the operation does not take`);
      }
    }
    expect(problems).toEqual([]);
    expect([...exercised].sort()).toEqual([
      'CreateAudienceSegments',
      'DeleteContactListByAudienceSegment',
      'GetAudienceSegmentContactListStatistics',
      'SearchAudienceSegments',
      'UpdateContactListByAudienceSegment',
    ]);
  });
});

function loadSpec() {
  const spec = JSON.parse(readFileSync(specPath as string, 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(spec as object, 'criteo');
  return { spec, ajv };
}

function pointer(segments: string[]): string {
  return segments.map((segment) => `/${encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'))}`).join('');
}

function findOperation(
  spec: Spec,
  method: string,
  path: string,
): { template: string; operation: Operation; pathParameters: Record<string, string> } | undefined {
  for (const [template, item] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_match, name: string) => (names.push(name), '([^/]+)'))}$`);
    const match = pattern.exec(path);
    const operation = item[method] as Operation | undefined;
    if (match === null || operation === undefined) continue;
    const shared = (item.parameters as Parameter[] | undefined) ?? [];
    const pathParameters = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
    return { template, operation: { ...operation, parameters: [...shared, ...(operation.parameters ?? [])] }, pathParameters };
  }
  return undefined;
}
