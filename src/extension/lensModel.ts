// What the CodeLens over the first training call of a file or cell says and does: the project's level
// and the next step for that code, which runs a fix of a finding there or the scaffold of the project's
// next step. Pure data, so the choice is testable without VS Code.
import type { Finding, Severity } from '../core/model/findings';
import type { ProjectReport } from '../core/model/report';
import { lowerFirst } from './messageText';

/** What clicking the lens does. */
export type LensAction =
  | { kind: 'fix'; findingIndex: number; fixIndex: number }
  | { kind: 'scaffold'; scaffold: string }
  | { kind: 'show-level' };

/** A training lens: its title, tooltip and action. */
export interface TrainingLens {
  title: string;
  tooltip: string;
  action: LensAction;
}

const LOUDNESS: Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * The lens for a training call in `path` (relative to the project root), in notebook cell `cell` if any.
 * The next step for that code is the loudest fixable finding of the same cell (or file), else the
 * project's first next step.
 */
export function trainingLens(
  project: ProjectReport | undefined,
  path: string,
  cell: number | undefined,
  call: string,
): TrainingLens {
  const where = project?.level ? `Level ${project.level}` : 'No level yet';
  const here = (f: Finding) =>
    f.range?.path === path && (cell === undefined || f.range.cell === cell) && (f.fixes?.length ?? 0) > 0;
  const candidates = (project?.findings ?? []).map((f, i) => ({ f, i })).filter(({ f }) => here(f));
  candidates.sort((a, b) => LOUDNESS.indexOf(a.f.severity) - LOUDNESS.indexOf(b.f.severity));
  const fixable = candidates[0];
  if (fixable) {
    const fixes = fixable.f.fixes!;
    const fixIndex = Math.max(
      0,
      fixes.findIndex((x) => x.isPreferred),
    );
    return {
      title: `${where} · next: ${lowerFirst(fixes[fixIndex].title)}`,
      tooltip: `${call}(...) trains a model. ${fixable.f.code}: ${fixable.f.message} Click to apply the fix.`,
      action: { kind: 'fix', findingIndex: fixable.i, fixIndex },
    };
  }
  const next = project?.nextSteps[0];
  if (next?.nextStep) {
    const scaffold = next.nextStep.scaffold;
    return {
      title: `${where} · next: ${lowerFirst(next.nextStep.title)}`,
      tooltip:
        `${call}(...) trains a model. Next for ` +
        `Level ${next.level}: ${next.title}. ${scaffold ? 'Click to scaffold it.' : 'Click to open the Level view.'}`,
      action: scaffold ? { kind: 'scaffold', scaffold } : { kind: 'show-level' },
    };
  }
  return {
    title: `${where} · trains a model`,
    tooltip: `${call}(...) trains a model. Click to open the Level view.`,
    action: { kind: 'show-level' },
  };
}
