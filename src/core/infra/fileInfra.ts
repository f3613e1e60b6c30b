// Infrastructure seen in files other than Python: Dockerfiles, CI, Kubernetes, DVC.
import type { Fact } from '../facts/fact';
import type { ProjectModel } from '../project/model';
import type { Memo } from '../rules/rule';

/** The infrastructure facts of a project's files, computed once per analysis. */
export function fileInfraFacts(project: ProjectModel, memo: Memo): Fact[] {
  return memo.get(`infra:files:${project.relativeRoot}`, () => []);
}
