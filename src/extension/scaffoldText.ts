// What the scaffold confirmation says: a short question as its title and the plan as a list (files to
// create, files left as they are, notes), never sentences squeezed into an input's placeholder.
import type { ScaffoldPlan } from '../core/scaffold/scaffold';

/** The confirmation of a scaffold plan. */
export interface ScaffoldConfirm {
  /** A short question: `Add Dockerfile to churn?`. */
  title: string;
  /** The plan, one line per file or note. */
  detail: string;
  /** The button that creates the files. */
  action: string;
}

/** Builds the confirmation of a plan; `target` names the project it goes into. */
export function scaffoldConfirm(scaffoldTitle: string, target: string, plan: ScaffoldPlan): ScaffoldConfirm {
  const lines = (n: string) => `${n.split('\n').length} lines`;
  const sections = [
    ['Files to create:', ...plan.files.map((f) => `• ${f.path} (${lines(f.content)})`)].join('\n'),
    plan.skipped.length
      ? [
          'Left as they are:',
          ...plan.skipped.map((s) => `• ${s.path} (${s.reason === 'exists' ? 'exists' : s.reason})`),
        ].join('\n')
      : '',
    plan.notes.length ? ['Notes:', ...plan.notes.map((n) => `• ${n}`)].join('\n') : '',
    'Existing files are never overwritten.',
  ];
  return {
    title: `Add ${scaffoldTitle} to ${target}?`,
    detail: sections.filter(Boolean).join('\n\n'),
    action: plan.files.length === 1 ? 'Create File' : `Create ${plan.files.length} Files`,
  };
}
