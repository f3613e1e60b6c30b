// The official SARIF 2.1.0 schema (draft-04) as an Ajv validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FIXTURES } from '../../support/paths';

/**
 * Compiles (once) test/fixtures/schemas/sarif-schema-2.1.0.json; its draft-04 `id` becomes `$id`, nothing else changes.
 */
export function sarifValidator() {
  cached ??= compile();
  return cached;
}

let cached: ReturnType<typeof compile> | undefined;

function compile() {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
