// Messages between the extension host and the analysis worker. Plain data only (structured clone).
import type { MlcoachConfig } from '../core/config/config';
import type { WorkspaceReport } from '../core/model/report';
import type { UnitHints } from './hints';
import type { ScaffoldPlan } from '../core/scaffold/scaffold';
import type { NotebookConfigAction } from '../core/fixes/extractConfig';

/** A workspace folder to analyse: `key` is its uri string, `path` its absolute path with forward slashes. */
export interface FolderRef {
  key: string;
  path: string;
}

/** One analysis request. Requests queued behind a newer one are merged into it, never run. */
export interface AnalyzeRequest {
  type: 'analyze';
  /** Generation number: results of older generations are dropped. */
  id: number;
  folders: FolderRef[];
  /** Editor buffers that changed since the last request (text null: the buffer closed). */
  overlays: Array<{ path: string; text: string | null }>;
  /** Paths created, changed or deleted on disk; 'all' forgets every cached listing and file. */
  invalidate: string[] | 'all';
  /** Settings laid over each project's own configuration. */
  overrides: Partial<MlcoachConfig>;
  /** Absolute paths of open documents that want editor hints. */
  hintsFor: string[];
}

/** The outcome for one folder. */
export interface FolderResult {
  key: string;
  report?: WorkspaceReport;
  /** Why the folder could not be analysed (an invalid config file, an unreadable folder). */
  error?: string;
}

/** The answer to a request. */
export interface AnalyzeResponse {
  type: 'result';
  id: number;
  folders: FolderResult[];
  /** Hints by absolute path. */
  hints: Record<string, UnitHints>;
  /** Time spent analysing, in milliseconds. */
  ms: number;
  /** Files parsed in this run (the rest came from the cache). */
  parsed: number;
}

/** Merges queued requests: the last one's folders and settings, every buffer change in order, all invalidations. */
export function mergeRequests(queue: AnalyzeRequest[]): AnalyzeRequest {
  const last = queue[queue.length - 1];
  const overlays = queue.flatMap((r) => r.overlays);
  const invalidate = queue.some((r) => r.invalidate === 'all')
    ? 'all'
    : [...new Set(queue.flatMap((r) => r.invalidate as string[]))];
  return { ...last, overlays, invalidate };
}

/** Asks for a scaffold's plan for one project root (read from disk, never from unsaved buffers). */
export interface ScaffoldRequest {
  type: 'scaffold';
  id: number;
  /** Absolute path of the project root. */
  root: string;
  scaffold: string;
}

/** A scaffold plan with the files that exist on disk already moved to `skipped`. */
export interface ScaffoldResponse {
  type: 'scaffold-plan';
  id: number;
  plan?: ScaffoldPlan;
  error?: string;
}

/** Asks for the on-demand "extract to config" of a project's notebooks, over the editor's buffers. */
export interface NotebookConfigRequest {
  type: 'notebook-config';
  id: number;
  /** Absolute path of the project root. */
  root: string;
  /** Absolute path of the one notebook wanted; every notebook of the project when absent. */
  path?: string;
  /** Open notebooks and unsaved files as the editor holds them, by absolute path. */
  buffers: Array<{ path: string; text: string }>;
}

/** The notebooks' fixes, with paths relative to the project root. */
export interface NotebookConfigResponse {
  type: 'notebook-config';
  id: number;
  actions: NotebookConfigAction[];
  error?: string;
}

/** Asks for the rules', items' and scaffolds' descriptions (kept out of the extension host's bundle). */
export interface MetaRequest {
  type: 'meta';
  id: number;
}

/** A rule as the editor shows it. */
export interface RuleInfo {
  code: string;
  name: string;
  title: string;
  /** The full documentation page, Markdown. */
  docs: string;
  /** The short documentation a hover shows, Markdown. */
  hover: string;
  /** One sentence saying what to do instead, for "Fix: …" when a finding has no fix of its own. */
  fix?: string;
}

/** What the editor knows about rules, checklist items and scaffolds. */
export interface MetaResponse {
  type: 'meta';
  id: number;
  rules: RuleInfo[];
  /** Documentation page of each checklist item, by id. */
  items: Record<string, string>;
  scaffolds: Array<{ id: string; title: string; description: string; level: number }>;
}

/** Any message to the worker. */
export type WorkerRequest = AnalyzeRequest | ScaffoldRequest | NotebookConfigRequest | MetaRequest;
/** Any message from the worker. */
export type WorkerResponse = AnalyzeResponse | ScaffoldResponse | NotebookConfigResponse | MetaResponse;
