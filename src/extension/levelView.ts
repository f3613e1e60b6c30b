// The Level tree and status bar as data, built from reports: what each node says, which icon and
// which inline actions it gets. The vscode glue only renders these.
import type { ItemResult, LevelSummary, ProjectReport, WorkspaceReport } from '../core/model/report';
import type { Fix } from '../core/model/findings';
import type { ItemStatus } from '../core/levels/item';
import { IDS } from './ids';
import { capitalise, lowerFirst, markdownCode, markdownText } from './messageText';
import { cellName } from '../core/format/locations';
import { EXTRACT_CONFIG_TITLE, movedValueCount } from '../core/fixes/extractConfigTitle';

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
  /**
   * Selects the inline actions: `item`, plus `scaffold` when a scaffold can help, `config` when the
   * config item is open and a file's literals can be extracted to config, `evidence` when there is some.
   */
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
  /** The level being worked toward is shown open. */
  expanded: boolean;
  children: ItemNode[];
}

/** The top row of a project: its level, the one-line reason, and what stands before the next level. */
export interface SummaryNode {
  kind: 'summary';
  id: string;
  /** `Level 3 · Production deployment`, or `No level yet`. */
  label: string;
  /** The one-line reason. */
  description: string;
  tooltip: string;
  icon: string;
  /** "Foundation gaps", then "Before Level N": each lists its items. */
  children: SectionNode[];
}

/** A heading under the summary with the items it names. */
export interface SectionNode {
  kind: 'section';
  id: string;
  label: string;
  /** How many items. */
  description: string;
  tooltip: string;
  icon: string;
  iconColor?: string;
  children: Array<ItemNode | MessageNode>;
}

/** A folder or sub-project node (multi-root workspaces and monorepos). */
export interface GroupNode {
  kind: 'group';
  id: string;
  label: string;
  description?: string;
  children: Array<SummaryNode | LevelNode | MessageNode>;
}

/** A line of text: a non-ML project, an analysis error. */
export interface MessageNode {
  kind: 'message';
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  iconColor?: string;
  /** Lines shown under it (skipped files). */
  children?: MessageNode[];
}

/** Any node of the Level view. */
export type TreeNode = GroupNode | SummaryNode | SectionNode | LevelNode | ItemNode | MessageNode;

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

/**
 * The highest level any ML project of the workspace has reached (0 for none): the walkthrough ticks its steps from it.
 */
export function reachedLevel(folders: FolderState[]): number {
  let best = 0;
  for (const f of folders)
    for (const p of f.report?.projects ?? []) if (p.isMlProject && p.level && p.level > best) best = p.level;
  return best;
}

/** "Level 2 · Structured project", for the report and tooltips. */
function levelLabel(l: Pick<LevelSummary, 'level' | 'title'>): string {
  return `Level ${l.level} · ${l.title}`;
}

/**
 * A level row's description: progress first, then the title (`3/3 reached · Notebook experiments`), so a
 * ~300 px sidebar cuts the title, never the progress.
 */
function levelProgress(l: LevelSummary, reachedLevel: number | null): string {
  return `${l.met}/${l.total}${reachedLevel === l.level ? ' reached' : ''} · ${l.title}`;
}

/** The project's level in words: `Level 3 · Production deployment`, or `No level yet`. */
export function levelName(p: Pick<ProjectReport, 'level' | 'levels'>): string {
  const reached = p.level ? p.levels.find((l) => l.level === p.level) : undefined;
  return p.level ? (reached ? levelLabel(reached) : `Level ${p.level}`) : 'No level yet';
}

/** Why the project is at its level, in one line: the report's own reason, else what today's report says. */
export function levelReason(p: ProjectReport): string {
  // The report's reason opens with the level ("Level 3: ...", "No level yet: ..."), which the row and the
  // heading already say.
  if (p.levelReason) return p.levelReason.replace(/^(Level \d|No level yet):\s*/, '');
  if (!p.level) {
    const missing = p.items.filter(
      (i) => i.level === 1 && i.core && i.status !== 'met' && i.status !== 'not-applicable',
    );
    return missing.length ? `Level 1 needs: ${missing.map((i) => lowerFirst(i.title)).join(', ')}` : p.mlReason;
  }
  // Without a reason from the report, the level's name: the sections under the row say the rest.
  return p.levels.find((l) => l.level === p.level)?.title ?? `every Level ${p.level} core item is met`;
}

/** Items of levels below the reached one that are still open (the report's foundation gaps). */
export function foundationGaps(p: ProjectReport): ProjectReport['foundationGaps'] {
  return p.foundationGaps ?? [];
}

/** Skip reasons a person did not choose (gitignore and `exclude` are their own choice, so not reported). */
const UNCHOSEN_SKIPS = new Set(['too-large', 'binary', 'symlink-loop', 'outside-root', 'unreadable', 'limit']);

/** Why a file was skipped, in words. */
function skipReason(s: { reason: string; detail?: string }): string {
  const words: Record<string, string> = {
    'too-large': 'too large to analyse',
    binary: 'not a text file',
    'symlink-loop': 'a symbolic link loop',
    unreadable: 'could not be read',
    limit: 'over the file-count limit',
    ignored: 'ignored by .gitignore',
    excluded: 'excluded by the configuration',
  };
  const why = words[s.reason] ?? s.reason;
  return s.detail ? `${why} (${s.detail})` : why;
}

/**
 * The files of a project that were not analysed though nobody asked for that, and files that could not be understood.
 */
export function unanalysedFiles(p: ProjectReport): Array<{ path: string; why: string }> {
  return [
    ...p.skipped.filter((s) => UNCHOSEN_SKIPS.has(s.reason)).map((s) => ({ path: s.path, why: skipReason(s) })),
    ...p.problems.map((x) => ({ path: x.path, why: x.line ? `line ${x.line}: ${x.message}` : x.message })),
  ];
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
      groups.push({
        kind: 'group',
        id: `${f.key}#${p.root}`,
        label,
        description: p.isMlProject ? (p.level ? `Level ${p.level}` : 'No level yet') : undefined,
        children: projectChildren(f.key, p),
      });
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
  return {
    kind: 'message',
    id: `${f.key}#error`,
    label: 'Analysis failed',
    description: f.error,
    tooltip: f.error,
    icon: 'error',
  };
}

function projectChildren(folderKey: string, p: ProjectReport): Array<SummaryNode | LevelNode | MessageNode> {
  if (!p.isMlProject) {
    return [
      {
        kind: 'message',
        id: `${folderKey}#${p.root}#not-ml`,
        label: 'Not an ML project',
        description: p.mlReason,
        tooltip: p.mlReason,
        icon: 'info',
      },
    ];
  }
  const levels: LevelNode[] = p.levels.map((l) => {
    const all = p.items.filter((i) => i.level === l.level);
    // Core items first: they decide the level; optional ones follow, marked as such.
    const items = [...all.filter((i) => i.core), ...all.filter((i) => !i.core)].map((i) => itemNode(folderKey, p, i));
    return {
      kind: 'level' as const,
      id: `${folderKey}#${p.root}#L${l.level}`,
      label: `Level ${l.level}`,
      description: levelProgress(l, p.level),
      icon: p.level === l.level ? 'star-full' : l.reached ? 'check' : 'circle-outline',
      expanded: false,
      children: items,
    };
  });
  const out: Array<SummaryNode | LevelNode | MessageNode> = [summaryNode(folderKey, p), ...levels];
  const skipped = skippedNode(folderKey, p);
  if (skipped) out.push(skipped);
  return out;
}

/** A foundation gap in a few words, capitalised ("Pinned dependencies"), else its title. */
function shortLabel(g: { title: string; label?: string }): string {
  return g.label ? capitalise(g.label) : g.title;
}

/** The top row: level, reason, foundation gaps and the core items that block the next level. */
function summaryNode(folderKey: string, p: ProjectReport): SummaryNode {
  const nextLevel = Math.min(5, (p.level ?? 0) + 1);
  const base = `${folderKey}#${p.root}`;
  const gaps = foundationGaps(p);
  const gapRows: Array<ItemNode | MessageNode> = gaps.map((g) => {
    const item = p.items.find((i) => i.id === g.id);
    if (item) {
      const node = itemNode(folderKey, p, item, 'gap');
      // The few words of the gap ("Pinned dependencies") fit the narrow sidebar; the tooltip has the title.
      return {
        ...node,
        label: shortLabel(g) || item.title,
        description: `Level ${item.level} · ${node.description}`,
        icon: 'warning',
        iconColor: 'list.warningForeground',
      };
    }
    return {
      kind: 'message',
      id: `${base}#gap#${g.id}`,
      label: shortLabel(g),
      description: `Level ${/^L(\d)\./.exec(g.id)?.[1] ?? '?'}`,
      tooltip: `${g.title}: an item of a lower level that is still open.`,
      icon: 'warning',
      iconColor: 'list.warningForeground',
    };
  });
  const gapIds = new Set(gaps.map((g) => g.id));
  const blockers: ItemNode[] =
    p.level === 5
      ? []
      : p.items
          .filter(
            (i) =>
              i.level === nextLevel &&
              i.core &&
              i.status !== 'met' &&
              i.status !== 'not-applicable' &&
              !gapIds.has(i.id),
          )
          .map((i) => itemNode(folderKey, p, i, 'blocker'));
  const children: SectionNode[] = [];
  if (gapRows.length) {
    children.push({
      kind: 'section',
      id: `${base}#gaps`,
      label: 'Foundation gaps',
      description: `${gapRows.length}`,
      tooltip:
        `Items of lower levels that are still open under Level ${p.level}: the level holds, but these weaken ` +
        `what it stands on.`,
      icon: 'warning',
      iconColor: 'list.warningForeground',
      children: gapRows,
    });
  }
  if (blockers.length) {
    children.push({
      kind: 'section',
      id: `${base}#blockers`,
      label: `Before Level ${nextLevel}`,
      description: `${blockers.length}`,
      tooltip: `The core items Level ${nextLevel} needs that are not met yet. Optional items are marked in each level.`,
      icon: 'debug-step-over',
      children: blockers,
    });
  }
  const reason = levelReason(p);
  const tooltip = [
    `**${levelName(p)}**: ${reason}`,
    gaps.length ? `**Foundation gaps** (lower-level items still open): ${gaps.map((g) => g.title).join('; ')}` : '',
    blockers.length ? `**Before Level ${nextLevel}:** ${blockers.map((b) => b.label).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    kind: 'summary',
    id: `${base}#summary`,
    label: p.level ? `Level ${p.level}` : 'No level yet',
    description: reason,
    tooltip,
    icon: p.level ? 'mortar-board' : 'circle-large-outline',
    children,
  };
}

/** A row naming the files that were not analysed, and why; its children list them. */
function skippedNode(folderKey: string, p: ProjectReport): MessageNode | undefined {
  const files = unanalysedFiles(p);
  if (!files.length) return undefined;
  const label = `${files.length} file${files.length === 1 ? '' : 's'} not analysed`;
  return {
    kind: 'message',
    id: `${folderKey}#${p.root}#skipped`,
    label,
    description: files.length === 1 ? files[0].path : undefined,
    tooltip: files.map((f) => `${f.path}: ${f.why}`).join('\n'),
    icon: 'warning',
    iconColor: 'list.warningForeground',
    children: files.map((f, i) => ({
      kind: 'message' as const,
      id: `${folderKey}#${p.root}#skipped#${i}`,
      label: f.path,
      description: f.why,
      tooltip: `${f.path}: ${f.why}`,
      icon: 'file',
    })),
  };
}

function itemNode(folderKey: string, p: ProjectReport, i: ItemResult, role?: 'gap' | 'blocker'): ItemNode {
  const s = STATUS_ICONS[i.status];
  const contexts = ['item'];
  if (i.nextStep?.scaffold && (i.status === 'missing' || i.status === 'partial')) contexts.push('scaffold');
  // Notebooks' fixes are planned when asked for: a project with notebooks offers it, and the command says
  // when none of them has anything to move.
  if (
    i.id === CONFIG_ITEM &&
    (i.status === 'missing' || i.status === 'partial') &&
    (configFixTargets(p).length || p.stats.notebooks > 0)
  )
    contexts.push('config');
  if (i.evidence.some((e) => e.range)) contexts.push('evidence');
  const evidence = i.evidence.length
    ? i.evidence
        .map((e) => {
          if (!e.range) return `- ${markdownText(e.note)}`;
          const cell = e.range.cell !== undefined ? ` ${cellName(e.range.cell)}` : '';
          return `- ${markdownText(e.note)} — ${markdownCode(`${e.range.path}${cell}:${e.range.startLine}`)}`;
        })
        .join('\n')
    : '_No evidence found._';
  const tooltip = [
    `**${i.title}** — ${s.word}${i.core ? ' (core: the level needs it)' : ' (optional)'}`,
    i.why,
    i.detail ? `_${markdownText(i.detail)}_` : '',
    `**Evidence**\n\n${evidence}`,
    i.nextStep ? `**Next step:** ${i.nextStep.title}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    kind: 'item',
    id: `${folderKey}#${p.root}#${role ? `${role}#` : ''}${i.id}`,
    label: i.title,
    description: `${i.core ? '' : 'optional · '}${i.detail ?? i.evidence[0]?.note ?? s.word}`,
    icon: s.icon,
    iconColor: s.color,
    contextValue: contexts.join(' '),
    tooltip,
    item: i,
    folderKey,
    projectRoot: p.root,
  };
}

/** The checklist item the "Extract to Config" action of the tree hangs on. */
const CONFIG_ITEM = 'L2.config-files';

/**
 * A file the extract-to-config fix can apply to: a script whose ML401/ML402 findings carry it, or a
 * notebook whose fix was planned on demand (those rules leave notebooks alone).
 */
export interface ConfigFixTarget {
  path: string;
  /** How many hard-coded values the fix moves out of the file. */
  values: number;
  /** A script's: the index in the project's `findings` of its first finding that carries the fix. */
  findingIndex?: number;
  /** A script's: the index of the extract-to-config fix in that finding's `fixes`. */
  fixIndex?: number;
  /** A notebook's: the fix itself. */
  fix?: Fix;
}

/**
 * The files a tree "Extract to Config" can apply to, the one with the most hard-coded values first (then
 * by path): the scripts of the report's findings, and the notebooks whose fixes were planned on demand.
 */
export function configFixTargets(
  p: Pick<ProjectReport, 'findings'>,
  notebooks: ReadonlyArray<{ path: string; fix: Fix }> = [],
): ConfigFixTarget[] {
  const byPath = new Map<string, ConfigFixTarget>();
  p.findings.forEach((f, findingIndex) => {
    if ((f.code !== 'ML401' && f.code !== 'ML402') || !f.range) return;
    const fixIndex = (f.fixes ?? []).findIndex((x) => x.title === EXTRACT_CONFIG_TITLE);
    if (fixIndex < 0 || byPath.has(f.range.path)) return;
    const values = movedValueCount(f.fixes![fixIndex], f.range.path);
    byPath.set(f.range.path, { path: f.range.path, values, findingIndex, fixIndex });
  });
  for (const n of notebooks)
    if (!byPath.has(n.path)) byPath.set(n.path, { path: n.path, values: movedValueCount(n.fix, n.path), fix: n.fix });
  return [...byPath.values()].sort((a, b) => b.values - a.values || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The ML project a file belongs to (the deepest project root above it), if any. */
function projectOfPath(folders: FolderState[], path: string): ProjectReport | undefined {
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
export function statusBarState(
  folders: FolderState[],
  activePath?: string,
): { text: string; tooltip?: string; command?: string; visible: boolean } {
  const active = activePath ? projectOfPath(folders, activePath) : undefined;
  for (const f of folders) {
    const p = active ?? f.report?.projects.find((x) => x.isMlProject);
    if (!p) continue;
    const reached = p.level ?? 0;
    const next = p.levels.find((l) => l.level === Math.min(5, reached + 1));
    const progress = next ? ` · ${next.met}/${next.total}` : '';
    // An ML project without a level yet is never "L0": it says so in words.
    const text = reached ? `$(mortar-board) ML L${reached}${progress}` : `$(mortar-board) ML: no level yet${progress}`;
    const gaps = p.foundationGaps.length
      ? ` · ${p.foundationGaps.length} foundation gap${p.foundationGaps.length === 1 ? '' : 's'}: ` +
        p.foundationGaps.map((g) => g.label).join(', ')
      : '';
    const reason = p.levelReason || (reached ? `Level ${reached}` : 'No level yet');
    const tooltip = reached
      ? `ML Coach: ${reason}${gaps}` +
        `${next && next.level > reached ? `. ${next.met} of ${next.total} Level ${next.level} items met` : ''}` +
        '. Click to open the Level view.'
      : `ML Coach: ${reason}${next ? `; ${next.met} of ${next.total} Level 1 items met` : ''}` +
        '. Click to open the Level view.';
    return { text, tooltip, command: IDS.commands.focusLevels, visible: true };
  }
  const failed = folders.find((f) => f.error);
  if (failed)
    return {
      text: '$(warning) ML Coach',
      tooltip: `ML Coach could not analyse ${failed.name}: ${failed.error}`,
      command: IDS.commands.focusLevels,
      visible: true,
    };
  return { text: '', visible: false };
}
