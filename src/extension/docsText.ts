// The Markdown the extension shows: a checklist item's page and the level report. Pure text builders.
import type { LevelItem } from '../core/levels/item';
import type { ProjectReport, WorkspaceReport } from '../core/model/report';
import { STATUS_ICONS } from './levelView';

/** The documentation page of a checklist item. */
export function itemDocsMarkdown(def: Pick<LevelItem, 'id' | 'level' | 'title' | 'why' | 'detection' | 'core' | 'nextStep'>): string {
  return (
    [
      `# ${def.title}`,
      `Level ${def.level} · \`${def.id}\`${def.core ? ' · core item' : ''}`,
      `## Why it matters\n\n${def.why}`,
      `## How ML Coach detects it\n\n${def.detection}`,
      def.nextStep ? `## Next step\n\n${def.nextStep.title}${def.nextStep.scaffold ? ` (scaffold \`${def.nextStep.scaffold}\`)` : ''}` : '',
    ]
      .filter(Boolean)
      .join('\n\n') + '\n'
  );
}

/** A text bar of five levels: reached ones filled. */
export function levelLadder(p: ProjectReport): string {
  const cells = [1, 2, 3, 4, 5].map((l) => {
    const s = p.levels.find((x) => x.level === l);
    const mark = p.level !== null && l <= p.level ? '■' : s && s.met > 0 ? '◧' : '□';
    return `${mark} L${l}`;
  });
  return cells.join('  ');
}

/** The level report of every project of the given folders, as Markdown. */
export function levelReportMarkdown(folders: Array<{ name: string; report?: WorkspaceReport; error?: string }>): string {
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
      const reachedTitle = p.levels.find((l) => l.level === p.level)?.title;
      out.push(`**${p.level ? `Level ${p.level}${reachedTitle ? ` · ${reachedTitle}` : ''}` : 'No level yet'}**`);
      if (p.levelReason) out.push(p.levelReason);
      if (p.foundationGaps.length) out.push(`${p.foundationGaps.length} foundation gap${p.foundationGaps.length === 1 ? '' : 's'}: ${p.foundationGaps.map((g) => g.label).join(', ')}`);
      out.push('`' + levelLadder(p) + '`');
      out.push(
        '| Level | Progress | Reached |\n|---|---|---|\n' +
          p.levels.map((l) => `| ${l.level} · ${l.title} | ${'█'.repeat(l.met)}${'░'.repeat(Math.max(0, l.total - l.met))} ${l.met}/${l.total} | ${l.reached ? 'yes' : ''} |`).join('\n'),
      );
      const gapIds = new Set(p.foundationGaps.map((g) => g.id));
      if (p.nextSteps.length) out.push('### Next steps\n\n' + p.nextSteps.map((s) => `1. ${gapIds.has(s.id) ? 'Foundation gap: ' : ''}**${s.title}** (Level ${s.level}): ${s.nextStep?.title ?? s.why}`).join('\n'));
      for (const l of p.levels) {
        const items = p.items.filter((i) => i.level === l.level);
        if (!items.length) continue;
        out.push(`### Level ${l.level} · ${l.title}\n\n` + items.map((i) => `- ${statusMark(i.status)} **${i.title}** — ${i.detail ?? i.evidence[0]?.note ?? STATUS_ICONS[i.status].word}`).join('\n'));
      }
      const counts = new Map<string, number>();
      for (const fd of p.findings) counts.set(fd.code, (counts.get(fd.code) ?? 0) + 1);
      if (counts.size) out.push('### Findings\n\n' + [...counts].map(([c, n]) => `- ${c}: ${n}`).join('\n'));
    }
  }
  return out.join('\n\n') + '\n';
}

function statusMark(s: string): string {
  return s === 'met' ? '✅' : s === 'partial' ? '◐' : s === 'not-applicable' ? '⊘' : '○';
}
