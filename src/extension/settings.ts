// The extension's settings as typed values, read through a getter so the logic is testable without vscode.
import type { MlcoachConfig } from '../core/config/config';
import type { Severity } from '../core/model/findings';
import { IDS, settingKey } from './ids';

/** Reads one setting by its full id (`mlcoach.run`). */
export type SettingGetter = (id: string) => unknown;

/** The settings the glue acts on. */
export interface ExtensionSettings {
  enable: boolean;
  python: boolean;
  notebooks: boolean;
  run: 'onType' | 'onSave';
  debounce: number;
  inlayHints: boolean;
  codeLens: boolean;
  overrides: Partial<MlcoachConfig>;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Reads and validates the settings; anything malformed falls back to its default. */
export function readSettings(get: SettingGetter): ExtensionSettings {
  const bool = (id: string, dflt: boolean) => {
    const v = get(id);
    return typeof v === 'boolean' ? v : dflt;
  };
  const severity: Record<string, Severity | 'off'> = {};
  const rawSeverity = get(IDS.settings.severity);
  if (rawSeverity && typeof rawSeverity === 'object' && !Array.isArray(rawSeverity)) {
    for (const [code, value] of Object.entries(rawSeverity as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value)) severity[code.trim()] = value as Severity | 'off';
    }
  }
  const rawExclude = get(IDS.settings.exclude);
  const exclude = Array.isArray(rawExclude)
    ? rawExclude.filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    : [];
  const rawTarget = get(IDS.settings.targetLevel);
  const targetLevel =
    typeof rawTarget === 'number' && rawTarget >= 1 && rawTarget <= 5 ? Math.round(rawTarget) : undefined;
  const rawDebounce = get(IDS.settings.debounce);
  const debounce = typeof rawDebounce === 'number' && rawDebounce >= 0 ? Math.min(rawDebounce, 5000) : 300;
  const overrides: Partial<MlcoachConfig> = {};
  if (Object.keys(severity).length) overrides.severity = severity;
  if (exclude.length) overrides.exclude = exclude;
  if (targetLevel !== undefined) overrides.targetLevel = targetLevel;
  return {
    enable: bool(IDS.settings.enable, true),
    python: bool(IDS.settings.python, true),
    notebooks: bool(IDS.settings.notebooks, true),
    run: get(IDS.settings.run) === 'onSave' ? 'onSave' : 'onType',
    debounce,
    inlayHints: bool(IDS.settings.inlayHints, true),
    codeLens: bool(IDS.settings.codeLens, true),
    overrides,
  };
}

/** A getter over a `getConfiguration('mlcoach')`-like object. */
export function sectionGetter(section: { get(key: string): unknown }): SettingGetter {
  return (id) => section.get(settingKey(id));
}
