import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { REPO_ROOT } from './paths';

/** A validator for docs/report-schema.json. */
export function reportValidator() {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'report-schema.json'), 'utf8'));
  return new Ajv({ allErrors: true, strict: true }).compile(schema);
}
