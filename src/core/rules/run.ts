// Runs the rules over a project, applying configuration and suppression comments.
import { type Finding, SEVERITY_ORDER, compareFindings } from '../model/findings';
import type { ProjectModel } from '../project/model';
import { ALL_RULES } from './registry';
import type { Report, Rule, RuleMeta, UnitRule } from './rule';
import type { ProjectIndex } from '../semantic/index';
import type { PythonUnit } from '../python/unit';
import { isSuppressed } from './suppression';
import { holdsTests } from '../project/testFiles';

/** Whether a rule is on for a project, and at which severity. */
function effectiveSeverity(meta: RuleMeta, project: ProjectModel): Finding['severity'] | 'off' {
  const { config } = project;
  if (config.disable.includes(meta.code) || config.disable.includes(meta.name)) return 'off';
  if (config.targetLevel !== undefined && meta.level > config.targetLevel) return 'off';
  return config.severity[meta.code] ?? config.severity[meta.name] ?? meta.defaultSeverity;
}

/** Runs `rules` (all by default) over a project; a rule that throws is reported as a problem, never a crash. */
export function runRules(index: ProjectIndex, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const project = index.project;
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule.meta, project);
    if (severity === 'off') continue;
    const make = (r: Report, unit?: PythonUnit): Finding | undefined => {
      const range = r.range ?? (r.span && unit ? unit.range(r.span) : undefined);
      const level = r.milder ? (SEVERITY_ORDER[SEVERITY_ORDER.indexOf(severity) + 1] ?? severity) : severity;
      const f: Finding = { code: rule.meta.code, rule: rule.meta.name, severity: level, message: r.message, range };
      if (r.related?.length) f.related = r.related;
      if (r.fixes?.length) f.fixes = r.fixes;
      if (r.tags?.length) f.tags = r.tags;
      // A milder form changes no reported number, so it takes no checklist item back.
      const affects = r.affects ?? (r.milder ? [] : rule.meta.affects);
      if (affects?.length) f.affects = affects;
      return f;
    };
    try {
      if (rule.scope === 'unit') checkUnits(rule, index, make, findings);
      else {
        rule.check({
          project,
          index,
          report: (r) => {
            const f = make(r);
            const unit = f?.range ? project.python.find((u) => u.path === f.range!.path) : undefined;
            if (unit && !rule.meta.includeTests && holdsTests(unit)) return;
            if (f && !(unit && isSuppressed(f, unit))) findings.push(f);
          },
        });
      }
    } catch (e) {
      project.problems.push({ path: '', message: `rule ${rule.meta.code} failed: ${(e as Error).message}` });
    }
  }
  return findings.sort(compareFindings);
}

/**
 * Runs a rule of unit scope over each unit. A function of its own: the loop is what V8 optimises while the rules
 * run, and optimised inside `runRules` it took the whole of it along each time a new rule deoptimised it.
 */
function checkUnits(
  rule: UnitRule,
  index: ProjectIndex,
  make: (r: Report, unit?: PythonUnit) => Finding | undefined,
  findings: Finding[],
): void {
  const project = index.project;
  for (const unit of project.python) {
    if (!rule.meta.includeTests && holdsTests(unit)) continue;
    // A failure on one file is that file's problem: the rule still checks the others.
    try {
      rule.check({
        unit,
        project,
        index: index.unit(unit),
        projectIndex: index,
        report: (r) => {
          const f = make(r, unit);
          if (f && !isSuppressed(f, unit)) findings.push(f);
        },
      });
    } catch (e) {
      project.problems.push({
        path: unit.path,
        message: `rule ${rule.meta.code} failed on this file: ${(e as Error).message}`,
      });
    }
  }
}
