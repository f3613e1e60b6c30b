// A rule is metadata plus one function. Its docs live in the metadata; the README table and the
// docs pages are generated from it.
import type { Finding, Fix, RelatedLocation, Severity, SourceRange } from '../model/findings';
import type { ProjectModel } from '../project/model';
import type { PythonUnit } from '../python/unit';
import type { Span } from '../python/ast';
import type { ProjectIndex, UnitIndex } from '../semantic/index';

/** What a rule is about; the CLI and the docs group rules by it. */
export type RuleCategory = 'leakage' | 'evaluation' | 'reproducibility' | 'configuration' | 'notebook' | 'project';

/** The doc sections every rule carries (ruff's convention). Markdown. */
export interface RuleDocs {
  whatItDoes: string;
  whyBad: string;
  example: string;
  useInstead: string;
  fixSafety: string;
}

/** A rule's metadata. */
export interface RuleMeta {
  /**
   * Stable code: ML1xx leakage, ML2xx evaluation, ML3xx reproducibility, ML4xx configuration, ML5xx notebook, ML9xx
   * project.
   */
  code: string;
  /** Kebab-case name of the problem (never of the fix). */
  name: string;
  /** Short human title of the problem. */
  title: string;
  category: RuleCategory;
  /** The level at which this starts to matter (1-5). */
  level: number;
  defaultSeverity: Severity;
  /** Whether the rule offers a fix, and whether it keeps behaviour. */
  fix: 'none' | 'safe' | 'unsafe';
  /** Level checklist items its findings bear on (e.g. leakage keeps `L2.heldout-evaluation` from being met). */
  affects?: string[];
  /**
   * Unit rules skip test files (`tests/`, `conftest.py`, and `test_*.py` or `*_test.py` modules that define tests or
   * import a test framework) unless this is true: tests fit and score on the same tiny data on purpose, and are not
   * the project's training code.
   */
  includeTests?: boolean;
  docs: RuleDocs;
}

/** What a rule reports: the rule fills in code, name and severity. */
export interface Report {
  message: string;
  range?: SourceRange;
  /** Shorthand for `range`: a span of the unit being checked. */
  span?: Span;
  related?: RelatedLocation[];
  fixes?: Fix[];
  tags?: Finding['tags'];
  /** The checklist items this finding bears on, when not its rule's (`[]`: none). */
  affects?: string[];
  /**
   * A milder form of what the rule finds, one that changes no reported number here (a scaler fit on every row that
   * only tree models learn from): reported one severity lower than the rule's (a warning as info), and bearing on
   * no checklist item unless `affects` says otherwise.
   */
  milder?: boolean;
}

/** Context for rules that check one Python file or notebook. */
export interface UnitContext {
  unit: PythonUnit;
  project: ProjectModel;
  /** The unit's semantic index: its calls, assignments, data flow, paths (computed once, shared by every rule). */
  index: UnitIndex;
  /** The project's semantic index: its stage and cross-file questions. */
  projectIndex: ProjectIndex;
  report(r: Report): void;
}

/** Context for rules that check the project as a whole. */
export interface ProjectContext {
  project: ProjectModel;
  /** The project's semantic index, with every unit's index. */
  index: ProjectIndex;
  report(r: Report): void;
}

/** A rule over Python units (files and notebooks). */
export interface UnitRule {
  meta: RuleMeta;
  scope: 'unit';
  check(ctx: UnitContext): void;
}

/** A rule over the whole project. */
export interface ProjectRule {
  meta: RuleMeta;
  scope: 'project';
  check(ctx: ProjectContext): void;
}

export type Rule = UnitRule | ProjectRule;
