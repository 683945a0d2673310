import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { guid, setupTtdDataServer, testClient } from './ttd-data-test-server.test-helper.js';

// TTD's own OpenAPI document (from its official SDK), kept byte for byte: in the repository's
// `specs/` folder, or in the `shared/specs/` folder beside the repository.
const SPEC_CANDIDATES = ['../../../specs/ttd-data-openapi.yaml', '../../../../shared/specs/ttd-data-openapi.yaml'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);
const SPEC_PATH = SPEC_CANDIDATES.find((path) => existsSync(path)) ?? SPEC_CANDIDATES[0] as string;

/**
 * TTD's server binds property names case-insensitively (the swagger says `TtlInMinutes`,
 * production sends `TTLInMinutes`): lower-case property names in the schemas and in the bodies.
 */
function lowerPropertyNames(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerPropertyNames);
  if (typeof schema !== 'object' || schema === null) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      result[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name.toLowerCase(), lowerPropertyNames(property)]));
    } else if (key === 'required' && Array.isArray(value)) {
      result[key] = value.map((name: string) => name.toLowerCase());
    } else {
      result[key] = lowerPropertyNames(value);
    }
  }
  return result;
}

function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key.toLowerCase(), lowerKeys(entry)]));
}

function validator(schemaName: string) {
  const document = parse(readFileSync(SPEC_PATH, 'utf8')) as { components: unknown };
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'ttd-data', components: lowerPropertyNames(document.components) });
  const validate = ajv.getSchema(`ttd-data#/components/schemas/${schemaName}`);
  if (validate === undefined) throw new Error(`schema ${schemaName} not found`);
  return (body: unknown) => {
    const valid = validate(lowerKeys(body));
    return { valid, errors: ajv.errorsText(validate.errors) };
  };
}

const { mock } = setupTtdDataServer();

describe('request bodies against TTD\'s OpenAPI document', () => {
  it('add and remove bodies validate as AdvertiserDataRequest', async () => {
    const validate = validator('AdvertiserDataRequest');
    await testClient({ dataProviderId: 'my-cdp' }).addMembers('spec-cohort', [
      { tdid: guid(1) },
      { daid: guid(2) },
      { uid2: 'VWlkMlZhbHVl+/=' },
      { uid2Token: 'AgAAAToken' },
      { euid: 'RXVpZA==' },
      { euidToken: 'EuidToken' },
      { rampId: 'XY1000' },
    ]);
    await testClient().removeMembers('spec-cohort', [{ tdid: guid(1) }]);
    expect(mock.calls).toHaveLength(2);
    for (const call of mock.calls) {
      const result = validate(call.body);
      expect(result.errors).toBe('No errors');
      expect(result.valid).toBe(true);
    }
  });

  it('opt-out and deletion bodies validate as AdvertiserDsrRequest', async () => {
    const validate = validator('AdvertiserDsrRequest');
    await testClient().optOut([{ tdid: guid(3) }, { uid2: 'VWlkMg==' }, { rampId: 'XY1' }], { requestType: 'OptOut' });
    await testClient().optOut([{ euidToken: 'Tok' }], { requestType: 'Deletion' });
    for (const call of mock.calls) expect(validate(call.body).valid).toBe(true);
  });

  it('the check itself catches a wrong body (an unknown field, a misspelt enum)', () => {
    expect(validator('AdvertiserDataRequest')({ AdvertiserId: 'a', Items: [{ TDID: 'x', Data: [{ Name: 'n', TTLInMinutes: 1, Extra: 1 }] }] }).valid).toBe(false);
    expect(validator('AdvertiserDataRequest')({ AdvertiserId: 'a', Items: [{ TDID: 'x' }] }).valid).toBe(false);
    expect(validator('AdvertiserDsrRequest')({ AdvertiserId: 'a', Items: [{ TDID: 'x' }], RequestType: 'optout' }).valid).toBe(false);
  });
});
