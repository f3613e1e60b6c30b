// The TextMate injection grammar that highlights suppression comments: its regexes, run over sample
// comment lines, must find the same directives and codes as the core does, and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDirective } from '../../../src/core/rules/suppression';
import { REPO_ROOT } from '../../support/paths';

interface Rule {
  begin?: string;
  end?: string;
  match?: string;
  name?: string;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(
  readFileSync(join(REPO_ROOT, 'syntaxes', 'mlcoach-suppression.tmLanguage.json'), 'utf8'),
) as Grammar;

/** Oniguruma's leading `(?i)` becomes JavaScript's `i` flag; the rest of these patterns is common syntax. */
function toRegExp(source: string, flags = 'g'): RegExp {
  const insensitive = source.startsWith('(?i)');
  return new RegExp(insensitive ? source.slice(4) : source, insensitive ? `${flags}i` : flags);
}

/** Scans one comment as the grammar would: directive keyword, then the bracketed codes, if any. */
function scan(comment: string): { kind: string; codes: string[] } | undefined {
  const directive = grammar.repository.directive;
  const begin = toRegExp(directive.begin!);
  const m = begin.exec(comment);
  if (!m) return undefined;
  let pos = m.index + m[0].length;
  const codes: string[] = [];
  const list = grammar.repository.codes;
  const end = toRegExp(directive.end!);
  end.lastIndex = pos;
  const open = toRegExp(list.begin!);
  open.lastIndex = pos;
  const endMatch = end.exec(comment);
  const openMatch = open.exec(comment);
  if (openMatch && (!endMatch || openMatch.index < endMatch.index)) {
    pos = openMatch.index + 1;
    const close = toRegExp(list.end!);
    close.lastIndex = pos;
    const c = close.exec(comment);
    const inner = comment.slice(pos, c ? c.index : comment.length);
    for (const p of list.patterns!) {
      if (!p.name!.startsWith('constant.other')) continue;
      for (const x of inner.matchAll(toRegExp(p.match!))) codes.push(x[0].toLowerCase());
    }
  }
  return { kind: m[3].toLowerCase(), codes };
}

describe('suppression comment grammar', () => {
  it('is an injection into Python comments', () => {
    assert.equal(grammar.injectionSelector, 'L:comment.line.number-sign.python');
    assert.equal(grammar.scopeName, 'mlcoach.suppression.injection');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars?: Array<{ scopeName: string; path: string; injectTo: string[] }> };
    };
    const entry = pkg.contributes.grammars?.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(entry, 'package.json contributes the grammar');
    assert.deepEqual(entry.injectTo, ['source.python']);
    assert.equal(join(REPO_ROOT, entry.path), join(REPO_ROOT, 'syntaxes', 'mlcoach-suppression.tmLanguage.json'));
  });

  it('compiles every pattern', () => {
    const all = (r: Rule): string[] =>
      [r.begin, r.end, r.match, ...(r.patterns ?? []).flatMap(all)].filter((s): s is string => !!s);
    for (const rule of Object.values(grammar.repository))
      for (const src of all(rule)) assert.doesNotThrow(() => toRegExp(src), src);
  });

  const samples = [
    '# mlcoach: ignore[ML101]',
    '# mlcoach: ignore[ML101, ML203]',
    '#mlcoach:ignore[unseeded-randomness ML403]',
    '# MLCoach: Ignore[ml301]',
    '# mlcoach: ignore',
    '# mlcoach: ignore-file',
    '# mlcoach: ignore-file[ML501,ML502]',
    '# quick check  # mlcoach: ignore[ML201]',
    '# mlcoach: ignored',
    '# mlcoach: ignore-files',
    '# noqa: E501',
    '# see the mlcoach docs',
  ];

  for (const line of samples) {
    it(`agrees with the core on: ${line}`, () => {
      const core = parseDirective(line);
      const seen = scan(line);
      if (!core) {
        assert.equal(seen, undefined);
        return;
      }
      assert.ok(seen, 'the grammar highlights it');
      assert.equal(seen.kind, core.kind);
      assert.deepEqual([...seen.codes].sort(), [...(core.codes ?? [])].sort());
    });
  }
});
