// Every rule's docs follow one form: "What it does" opens with "Finds ", "Fix safety" opens with the word that
// matches `meta.fix`, the example and what to use instead open with fenced code, and the wording is spelled one way.
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../../src/core/rules/registry';

const SAFETY_OPENING = { safe: 'Safe. ', unsafe: 'Unsafe. ', none: 'No automatic fix: ' } as const;

describe('rule docs form', () => {
  for (const rule of ALL_RULES) {
    const { code, fix, docs, title } = rule.meta;

    it(`${code} says what it finds, in the present tense`, () => {
      assert.ok(docs.whatItDoes.startsWith('Finds '), `${code} whatItDoes: ${docs.whatItDoes.slice(0, 60)}`);
    });

    it(`${code} opens its fix safety with the word for meta.fix (${fix})`, () => {
      const opening = SAFETY_OPENING[fix];
      assert.ok(docs.fixSafety.startsWith(opening), `${code} fixSafety: ${docs.fixSafety.slice(0, 60)}`);
      const reason = docs.fixSafety.slice(opening.length).trim();
      assert.ok(reason.length > 0, `${code} gives no reason after "${opening.trim()}"`);
      for (const other of Object.values(SAFETY_OPENING)) {
        if (other !== opening) assert.ok(!docs.fixSafety.startsWith(other), `${code} also opens with "${other}"`);
      }
      if (fix === 'unsafe') {
        assert.doesNotMatch(docs.fixSafety, /\b(is|as) safe\b/, `${code} calls an unsafe fix safe`);
      }
    });

    it(`${code} shows its example and what to use instead as fenced code`, () => {
      for (const key of ['example', 'useInstead'] as const) {
        const text = docs[key];
        assert.match(text, /^```[a-z]+\n/, `${code} ${key} opens with a fenced code block naming its language`);
        const fences = text.split('\n').filter((line) => line.startsWith('```'));
        assert.equal(fences.length % 2, 0, `${code} ${key} closes every fence`);
        // Prose may follow the code, but no line of code may sit outside a fence.
        let inFence = false;
        for (const line of text.split('\n')) {
          if (line.startsWith('```')) inFence = !inFence;
          else if (!inFence) assert.doesNotMatch(line, /^( {4}|\t)/, `${code} ${key}: indented code outside a fence`);
        }
      }
    });

    it(`${code} spells its docs one way`, () => {
      for (const text of [title, ...Object.values(docs)]) {
        assert.doesNotMatch(text, /\blearnt\b/i, `${code}: write "learned", not "learnt"`);
        assert.doesNotMatch(text, /\d %/, `${code}: write "N%" without a space`);
      }
    });

    it(`${code} has a sentence-case title`, () => {
      assert.match(title, /^[A-Z]/, `${code} title starts with a capital`);
      // Later words are lower case, apart from acronyms and library names (PCA, SMOTE, NumPy).
      const capitalised = title
        .split(/\s+/)
        .slice(1)
        .filter((word) => /^[A-Z][a-z]/.test(word) && !/[A-Z]/.test(word.slice(1)));
      assert.deepEqual(capitalised, [], `${code} title is not sentence case: ${title}`);
      assert.ok(!title.endsWith('.'), `${code} title is a noun phrase, not a sentence`);
    });
  }
});
