// Every scaffold, in the order the levels need them. The CLI lists them, the extension offers them,
// and checklist items point at them by id through `nextStep.scaffold`.
import type { Scaffold } from './scaffold';
import { apiScaffold } from './scaffolds/api';
import { ciScaffold } from './scaffolds/ci';
import { configScaffold } from './scaffolds/config';
import { dockerfileScaffold } from './scaffolds/dockerfile';
import { dvcScaffold } from './scaffolds/dvc';
import { experimentTrackingScaffold } from './scaffolds/experimentTracking';
import { loadTestScaffold } from './scaffolds/loadTest';
import { monitoringScaffold } from './scaffolds/monitoring';
import { orchestrationScaffold } from './scaffolds/orchestration';
import { splitScaffold } from './scaffolds/split';
import { testsScaffold } from './scaffolds/tests';

/** All scaffolds, by level then by how early a project usually needs them. */
export const SCAFFOLDS: readonly Scaffold[] = [
  splitScaffold,
  configScaffold,
  testsScaffold,
  dockerfileScaffold,
  apiScaffold,
  ciScaffold,
  dvcScaffold,
  loadTestScaffold,
  monitoringScaffold,
  experimentTrackingScaffold,
  orchestrationScaffold,
];

/** The scaffold with this id, or undefined. */
export function findScaffold(id: string): Scaffold | undefined {
  return SCAFFOLDS.find((s) => s.id === id);
}
