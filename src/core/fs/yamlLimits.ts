// The limits every YAML reader of the core passes to the `yaml` package, so a file from a stranger that
// expands one anchor over and over (a "billion laughs") is refused the same way everywhere, and the
// refusal becomes a problem of that file instead of a silent gap.

/**
 * How many alias expansions one document may make (the `yaml` package's `maxAliasCount`, counted with
 * nesting: an alias of a node holding 10 aliases costs 10). The package's default of 100 refuses a CI
 * file that merges one anchor into 150 jobs; 10,000 still stops an exponential bomb at its third level.
 */
export const YAML_MAX_ALIAS_COUNT = 10_000;

/** Options for `parse` and `toJS` of the `yaml` package. */
export const YAML_TO_JS = { maxAliasCount: YAML_MAX_ALIAS_COUNT } as const;

/** True for the `yaml` package's refusal of a document that expands its aliases too often. */
export function isAliasBomb(e: unknown): boolean {
  return e instanceof Error && /alias count/i.test(e.message);
}

/** The problem message for a document refused for its aliases. */
const ALIAS_LIMIT = `anchors expanded more than ${YAML_MAX_ALIAS_COUNT} times`;
export const TOO_MANY_ALIASES = `too many aliases (${ALIAS_LIMIT}); the file was not read`;
