// The Level tree and status bar as data, built from reports: what each node says, which icon and
// which inline actions it gets. The vscode glue only renders these.
import type { ItemResult, LevelSummary, ProjectReport, WorkspaceReport } from '../core/model/report';
import type { ItemStatus } from '../core/levels/item';
import { IDS } from './ids';

/** Theme icon (and colour) per item status. */
export const STATUS_ICONS: Record<ItemStatus, { icon: string; color?: string; word: string }> = {
  met: { icon: 'pass-filled', color: 'testing.iconPassed', word: 'met' },
  partial: { icon: 'circle-large-outline', color: 'list.warningForeground', word: 'partly met' },
  missing: { icon: 'circle-outline', word: 'missing' },
  'not-applicable': { icon: 'circle-slash', color: 'disabledForeground', word: 'not applicable' },
};

/** An item node. */
export interface ItemNode {
  kind: 'item';
  id: string;
  label: string;
  description: string;
  icon: string;
  iconColor?: string;
  /** Selects the inline actions: `item`, plus `scaffold` when a scaffold can help, plus `evidence` when there is some. */
  contextValue: string;
  /** Markdown: why it matters, then the evidence. */
  tooltip: string;
  item: ItemResult;
  folderKey: string;
  projectRoot: string;
}

/** A level node. */
export interface LevelNode {
  kind: 'level';
  id: string;
  label: string;
  description?: string;
  icon: string;
  reached: boolean;
  /** The level being worked toward is shown open. */
  expanded: boolean;
  children: ItemNode[];
}

/** A folder or sub-project node (multi-root workspaces and monorepos). */
export interface GroupNode {
  kind: 'group';
  id: string;
  label: string;
  description?: string;
  children: Array<LevelNode | MessageNode>;
}

/** A line of text: a non-ML project, an analysis error. */
export interface MessageNode {
  kind: 'message';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
}

/** Any node of the Level view. */
export type TreeNode = GroupNode | LevelNode | ItemNode | MessageNode;

/** One folder's latest outcome. */
export interface FolderState {
  key: string;
  name: string;
  report?: WorkspaceReport;
  error?: string;
}

/** What the view's welcome text should say: drives the `mlcoach.state` context key. */
export function viewState(folders: FolderState[]): 'ready' | 'not-ml' | 'error' | 'empty' {
  if (folders.some((f) => f.report?.projects.some((p) => p.isMlProject))) return 'ready';
  if (folders.some((f) => f.error)) return 'error';
  if (folders.some((f) => f.report)) return 'not-ml';
  return 'empty';
}

/** "Level 2 · Structured project · 6/9". */
export function levelLabel(l: LevelSummary): string {
  return `Level ${l.level} · ${l.title} · ${l.met}/${l.total}`;
}

/** The top of the tree: levels directly for one project, else a group per folder or project. */
export function buildTree(folders: FolderState[]): TreeNode[] {
  const groups: GroupNode[] = [];
  for (const f of folders) {
    if (f.error) {
      groups.push({ kind: 'group', id: `${f.key}`, label: f.name, children: [errorNode(f)] });
      continue;
    }
    if (!f.report) continue;
    const projects = f.report.projects;
    for (const p of projects) {
      const label = p.root ? `${f.name}/${p.root}` : f.name;
      groups.push({ kind: 'group', id: `${f.key}#${p.root}`, label, description: p.level ? `Level ${p.level}` : undefined, children: projectChildren(f.key, p) });
    }
  }
  if (groups.length === 1) {
    const only = groups[0].children;
    // A lone non-ML project or failed folder is told by the view's welcome text instead.
    if (only.length === 1 && only[0].kind === 'message') return [];
    return only;
  }
  return groups;
}

function errorNode(f: FolderState): MessageNode {
  return { kind: 'message', id: `${f.key}#error`, label: 'Analysis failed', description: f.error, tooltip: f.error, icon: 'error' };
}

function projectChildren(folderKey: string, p: ProjectReport): Array<LevelNode | MessageNode> {
  if (!p.isMlProject) {
    return [{ kind: 'message', id: `${folderKey}#${p.root}#not-ml`, label: 'Not an ML project', description: p.mlReason, tooltip: p.mlReason, icon: 'info' }];
  }
  return p.levels.map((l) => {
    const items = p.items.filter((i) => i.level === l.level).map((i) => itemNode(folderKey, p, i));
    return {
      kind: 'level' as const,
      id: `${folderKey}#${p.root}#L${l.level}`,
      label: levelLabel(l),
      description: p.level === l.level ? 'reached' : undefined,
      icon: p.level === l.level ? 'star-full' : l.reached ? 'check' : 'circle-outline',
      reached: l.reached,
      expanded: l.level === Math.min(5, (p.level ?? 0) + 1),
      children: items,
    };
  });
}

function itemNode(folderKey: string, p: ProjectReport, i: ItemResult): ItemNode {
  const s = STATUS_ICONS[i.status];
  const contexts = ['item'];
  if (i.nextStep?.scaffold && (i.status === 'missing' || i.status === 'partial')) contexts.push('scaffold');
  if (i.evidence.some((e) => e.range)) contexts.push('evidence');
  const evidence = i.evidence.length
    ? i.evidence.map((e) => `- ${e.note}${e.range ? ` — \`${e.range.path}${e.range.cell !== undefined ? ` cell ${e.range.cell + 1}` : ''}:${e.range.startLine}\`` : ''}`).join('\n')
    : '_No evidence found._';
  const tooltip = [
    `**${i.title}** — ${s.word}${i.core ? ' (core)' : ''}`,
    i.why,
    i.detail ? `_${i.detail}_` : '',
    `**Evidence**\n\n${evidence}`,
    i.nextStep ? `**Next step:** ${i.nextStep.title}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    kind: 'item',
    id: `${folderKey}#${p.root}#${i.id}`,
    label: i.title,
    description: i.detail ?? i.evidence[0]?.note ?? s.word,
    icon: s.icon,
    iconColor: s.color,
    contextValue: contexts.join(' '),
    tooltip,
    item: i,
    folderKey,
    projectRoot: p.root,
  };
}

/** The ML project a file belongs to (the deepest project root above it), if any. */
export function projectOfPath(folders: FolderState[], path: string): ProjectReport | undefined {
  let best: ProjectReport | undefined;
  let depth = -1;
  for (const f of folders) {
    const report = f.report;
    if (!report) continue;
    for (const p of report.projects) {
      const root = p.root ? `${report.root}/${p.root}` : report.root;
      if (p.isMlProject && (path === root || path.startsWith(`${root}/`)) && root.length > depth) {
        best = p;
        depth = root.length;
      }
    }
  }
  return best;
}

/** The status bar text: the project of the active file (else the first ML project), toward its next level. */
export function statusBarState(folders: FolderState[], activePath?: string): { text: string; tooltip?: string; command?: string; visible: boolean } {
  const active = activePath ? projectOfPath(folders, activePath) : undefined;
  for (const f of folders) {
    const p = active ?? f.report?.projects.find((x) => x.isMlProject);
    if (!p) continue;
    const reached = p.level ?? 0;
    const next = p.levels.find((l) => l.level === Math.min(5, reached + 1));
    const progress = next ? ` · ${next.met}/${next.total}` : '';
    // An ML project without a level yet is never "L0": it says so in words.
    const text = reached ? `$(mortar-board) ML L${reached}${progress}` : `$(mortar-board) ML: no level yet${progress}`;
    const gaps = p.foundationGaps.length ? ` · ${p.foundationGaps.length} foundation gap${p.foundationGaps.length === 1 ? '' : 's'}: ${p.foundationGaps.map((g) => g.label).join(', ')}` : '';
    const reason = p.levelReason || (reached ? `Level ${reached}` : 'No level yet');
    const tooltip = reached
      ? `ML Coach: ${reason}${gaps}${next && next.level > reached ? `. ${next.met} of ${next.total} Level ${next.level} items met` : ''}. Click to open the Level view.`
      : `ML Coach: ${reason}${next ? `; ${next.met} of ${next.total} Level 1 items met` : ''}. Click to open the Level view.`;
    return { text, tooltip, command: IDS.commands.focusLevels, visible: true };
  }
  const failed = folders.find((f) => f.error);
  if (failed) return { text: '$(warning) ML Coach', tooltip: `ML Coach could not analyse ${failed.name}: ${failed.error}`, command: IDS.commands.focusLevels, visible: true };
  return { text: '', visible: false };
}
