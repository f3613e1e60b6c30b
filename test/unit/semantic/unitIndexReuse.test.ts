import assert from 'node:assert/strict';
import { buildProject, createParseCache, type ParseCache } from '../../../src/core/project/build';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { unitIndex } from '../../../src/core/semantic/index';

const TRAIN = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.model_selection import train_test_split',
  'df = pd.read_csv("data.csv")',
  'X_train, X_test, y_train, y_test = train_test_split(df.drop(columns="y"), df["y"], random_state=0)',
  'LogisticRegression().fit(X_train, y_train)',
  '',
].join('\n');

async function build(files: Record<string, string>, cache: ParseCache) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/w/${p}`, c])));
  const walk = await discoverFiles(fs, '/w');
  return buildProject(fs, '/w', '', walk.files, walk.skipped, walk.hasGit, DEFAULT_CONFIG, cache);
}

describe('unit index between editor runs', () => {
  it('an unchanged file keeps its index (flow and calls are not derived again), an edited file a new one', async () => {
    const cache = createParseCache();
    const first = await build({ 'train.py': TRAIN, 'features.py': 'import numpy as np\nx = np.zeros(3)\n' }, cache);
    const trainBefore = first.python.find((u) => u.path === 'train.py')!;
    const featuresBefore = first.python.find((u) => u.path === 'features.py')!;
    const flowBefore = unitIndex(trainBefore).flow;
    const callsBefore = unitIndex(featuresBefore).callSites;
    assert.equal(flowBefore.fits.length, 1);

    const second = await build({ 'train.py': TRAIN, 'features.py': 'import numpy as np\nx = np.ones(3)\n' }, cache);
    const trainAfter = second.python.find((u) => u.path === 'train.py')!;
    const featuresAfter = second.python.find((u) => u.path === 'features.py')!;
    assert.equal(trainAfter, trainBefore, 'the parse cache keeps the unchanged unit');
    assert.equal(unitIndex(trainAfter), unitIndex(trainBefore));
    assert.equal(unitIndex(trainAfter).flow, flowBefore, 'the data flow of an unchanged unit is not derived again');
    assert.notEqual(featuresAfter, featuresBefore);
    assert.notEqual(unitIndex(featuresAfter).callSites, callsBefore);
    assert.deepEqual(
      unitIndex(featuresAfter).callSites.map((s) => s.qualified),
      ['numpy.ones'],
    );
  });
});
