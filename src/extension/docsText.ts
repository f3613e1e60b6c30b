// The Markdown the extension shows: a checklist item's page and the level report. Pure text builders.
import type { LevelItem } from '../core/levels/item';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import { STATUS_ICONS, foundationGaps, levelName, levelReason, unanalysedFiles } from './levelView';

/** The documentation page of a checklist item. */
export function itemDocsMarkdown(
  def: Pick<LevelItem, 'id' | 'level' | 'title' | 'why' | 'detection' | 'core' | 'nextStep'>,
): string {
  return `${[
    `# ${def.title}`,
    `Level ${def.level} · \`${def.id}\`${def.core ? ' · core item' : ''}`,
    `## Why it matters\n\n${def.why}`,
    `## How ML Coach detects it\n\n${def.detection}`,
    def.nextStep
      ? `## Next step\n\n${def.nextStep.title}` +
        (def.nextStep.scaffold ? ` (scaffold \`${def.nextStep.scaffold}\`)` : '')
      : '',
  ]
    .filter(Boolean)
    .join('\n\n')}\n`;
}

/** The five levels in words, for the report's first line: `Level 1 reached · Level 2 6/9 · …`. */
function levelLadder(p: ProjectReport): string {
  return p.levels
    .map((l) =>
      p.level !== null && l.level <= p.level ? `Level ${l.level} reached` : `Level ${l.level} ${l.met}/${l.total}`,
    )
    .join(' · ');
}

/** The level report of every project of the given folders, as Markdown. Plain text marks only: no emoji. */
export function levelReportMarkdown(
  folders: Array<{ name: string; report?: WorkspaceReport; error?: string }>,
): string {
  const out: string[] = ['# ML Coach level report'];
  for (const f of folders) {
    if (f.error) {
      out.push(`## ${f.name}\n\nAnalysis failed: ${f.error}`);
      continue;
    }
    for (const p of f.report?.projects ?? []) {
      out.push(`## ${p.root ? `${f.name}/${p.root}` : f.name}`);
      if (!p.isMlProject) {
        out.push(`Not an ML project: ${p.mlReason}`);
        continue;
      }
      out.push(`**${levelName(p)}**: ${levelReason(p)}`);
      out.push(levelLadder(p));
      const gaps = foundationGaps(p);
      if (gaps.length)
        out.push(
          '### Foundation gaps\n\nItems of lower levels that are still open:\n\n' +
            gaps.map((g) => `- ${g.title}`).join('\n'),
        );
      out.push(
        '| Level | Progress | Reached |\n|---|---|---|\n' +
          p.levels
            .map((l) => {
              const bar = `${'█'.repeat(l.met)}${'░'.repeat(Math.max(0, l.total - l.met))}`;
              return `| ${l.level} · ${l.title} | ${bar} ${l.met}/${l.total} | ${l.reached ? 'yes' : ''} |`;
            })
            .join('\n'),
      );
      const gapIds = new Set(p.foundationGaps.map((g) => g.id));
      if (p.nextSteps.length)
        out.push(
          '### Next steps\n\n' +
            p.nextSteps
              .map(
                (s) =>
                  `1. ${gapIds.has(s.id) ? 'Foundation gap: ' : ''}**${s.title}** ` +
                  `(Level ${s.level}): ${s.nextStep?.title ?? s.why}`,
              )
              .join('\n'),
        );
      for (const l of p.levels) {
        const items = p.items.filter((i) => i.level === l.level);
        if (!items.length) continue;
        const ordered = [...items.filter((i) => i.core), ...items.filter((i) => !i.core)];
        out.push(
          `### Level ${l.level} · ${l.title}\n\n| Item | Status | Seen |\n|---|---|---|\n` +
            ordered
              .map(
                (i) =>
                  `| ${i.title}${i.core ? '' : ' (optional)'} | ${STATUS_ICONS[i.status].word} ` +
                  `| ${cellText(i.detail ?? i.evidence[0]?.note ?? '')} |`,
              )
              .join('\n'),
        );
      }
      const counts = new Map<string, number>();
      for (const fd of p.findings) counts.set(fd.code, (counts.get(fd.code) ?? 0) + 1);
      if (counts.size) out.push(`### Findings\n\n${[...counts].map(([c, n]) => `- ${c}: ${n}`).join('\n')}`);
      const unanalysed = unanalysedFiles(p);
      if (unanalysed.length)
        out.push(`### Not analysed\n\n${unanalysed.map((u) => `- \`${u.path}\`: ${u.why}`).join('\n')}`);
    }
  }
  return `${out.join('\n\n')}\n`;
}

function cellText(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
