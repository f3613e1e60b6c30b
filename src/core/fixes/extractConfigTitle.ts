// The title of the "extract to config" fix and how to count what it moves, in a module of its own: the
// Level view finds the fix and weighs it without loading the analyser.
import type { Fix } from '../model/findings';

/** The title of the fix. */
export const EXTRACT_CONFIG_TITLE = 'Extract hyperparameters and data paths to config';

/** The name the loaded config section is bound to: values are read as `CONFIG["group"]["key"]`. */
export const CONFIG_NAME = 'CONFIG';

/** How many hard-coded values the fix moves out of the file at `path`: its edits that read one from the config. */
export function movedValueCount(fix: Fix, path: string): number {
  return fix.edits.filter((e) => e.range.path === path && e.newText.startsWith(`${CONFIG_NAME}[`)).length;
}
