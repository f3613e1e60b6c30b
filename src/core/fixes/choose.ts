// Which fix of a finding is applied when fixes are applied in bulk (`--fix`, fix-all in the editor).
// Kept free of value imports: the extension host loads it without the analyser.
import type { Finding, Fix } from '../model/findings';

/** Which fixes may be applied. */
export interface FixSelection {
  /** Also apply fixes marked unsafe (they change what the code computes). */
  unsafe: boolean;
  /** Only fixes of findings with these codes (all codes when absent). */
  codes?: readonly string[];
}

/** The fix a finding would get: the preferred one first, then the first allowed. */
export function chooseFix(f: Finding, selection: FixSelection): Fix | undefined {
  if (selection.codes && !selection.codes.includes(f.code)) return undefined;
  const allowed = (f.fixes ?? []).filter((x) => x.safety === 'safe' || selection.unsafe);
  return allowed.find((x) => x.isPreferred) ?? allowed[0];
}
