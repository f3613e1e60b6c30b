// "Extract hyperparameters and data paths to config" on demand in a notebook: the fixture notebooks
// become their after/ side byte for byte, only the cells that must change do, nothing is left to
// extract afterwards, a second run changes nothing, and the action is not offered where it cannot work.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readTree } from '../../support/ruleFixtures';
import { applyConfigActions, configActionFixtures, projectOf } from '../../support/configActionFixtures';
import { extractableValues, notebookConfigActions } from '../../../src/core/fixes/extractConfig';
import { replaceCellSources } from '../../../src/core/fixes/notebookJson';

const text = (tree: Record<string, Uint8Array | string>) =>
  Object.fromEntries(
    Object.entries(tree).map(([p, c]) => [p, typeof c === 'string' ? c : Buffer.from(c).toString('utf8')]),
  );

interface Cell {
  source: string[] | string;
}

const sourceOf = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

describe('extract to config in a notebook', () => {
  for (const fx of configActionFixtures()) {
    describe(fx.name, () => {
      const input = () => text(readTree(join(fx.dir, 'before')));
      const expected = () => text(readTree(join(fx.dir, 'after')));

      it('gives the expected files, and re-analysis finds nothing left to extract', async () => {
        const { tree, actions } = await applyConfigActions(input());
        assert.equal(actions.length, 1, 'one notebook offers the action');
        assert.ok(actions[0].values > 0);
        assert.deepEqual(tree, expected());
        const index = await projectOf(tree);
        const notebooks = index.units.filter((u) => u.unit.kind === 'notebook');
        assert.ok(notebooks.length > 0);
        for (const u of notebooks) assert.equal(extractableValues(u), 0, `${u.unit.path} still has values to move`);
        // Before the fix, the same question counts what the action moved.
        const was = (await projectOf(input())).units.find((u) => u.unit.path === actions[0].path)!;
        assert.equal(extractableValues(was), actions[0].values);
      });

      it('applied twice changes nothing the second time', async () => {
        const second = await applyConfigActions(expected());
        assert.deepEqual(second.actions, []);
        assert.deepEqual(second.tree, expected());
      });

      it('changes only the cells it must: outputs, metadata, other cells and the JSON layout keep their bytes', () => {
        const was = input();
        const now = expected();
        const notebooks = Object.keys(was).filter((p) => p.endsWith('.ipynb') && now[p] !== was[p]);
        assert.equal(notebooks.length, 1);
        for (const path of notebooks) {
          const nbBefore = JSON.parse(was[path]) as { cells: Cell[] };
          const nbAfter = JSON.parse(now[path]) as { cells: Cell[] };
          assert.equal(nbAfter.cells.length, nbBefore.cells.length);
          const changed = nbBefore.cells.flatMap((c, i) => (sourceOf(c) !== sourceOf(nbAfter.cells[i]) ? [i] : []));
          assert.ok(changed.length > 0 && changed.length < nbBefore.cells.length, `changed cells: ${changed}`);
          const restored = replaceCellSources(now[path], new Map(changed.map((i) => [i, sourceOf(nbBefore.cells[i])])));
          assert.equal(restored, was[path]);
          for (let i = 0; i < nbBefore.cells.length; i++)
            assert.deepEqual({ ...nbAfter.cells[i], source: null }, { ...nbBefore.cells[i], source: null });
        }
      });
    });
  }

  it('is not offered in a Level 1 project: a beginner notebook keeps its literals', async () => {
    const files = text(readTree(join(configActionFixtures().find((f) => f.name === 'new_config')!.dir, 'before')));
    assert.equal(notebookConfigActions(await projectOf(files)).length, 1);
    delete files['requirements.txt'];
    assert.deepEqual(notebookConfigActions(await projectOf(files)), []);
  });

  it('declines a notebook that imports yaml only after the values, and a notebook under tests/', async () => {
    const notebook = (cells: string[]) =>
      JSON.stringify({
        cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source })),
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      });
    const cells = [
      'import pandas as pd\nfrom sklearn.svm import SVC\n',
      'df = pd.read_csv("data/train.csv")\nmodel = SVC(C=2.0, gamma=0.1)\n',
    ];
    const base = { 'requirements.txt': 'pandas\n' };
    const offered = async (files: Record<string, string>) =>
      notebookConfigActions(await projectOf({ ...base, ...files })).map((a) => a.path);
    assert.deepEqual(await offered({ 'nb/a.ipynb': notebook(cells) }), ['nb/a.ipynb']);
    assert.deepEqual(await offered({ 'nb/a.ipynb': notebook([...cells, 'import yaml\n']) }), []);
    assert.deepEqual(await offered({ 'tests/a.ipynb': notebook(cells) }), []);
  });
});
