import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../../src/core/fs/memoryFileSystem';
import { discoverFiles } from '../../../src/core/discovery/discover';
import { buildProject } from '../../../src/core/project/build';
import { projectStage } from '../../../src/core/semantic/stage';
import { DEFAULT_CONFIG } from '../../../src/core/config/config';

async function stageOf(files: Record<string, string>) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/ws/${p}`, t])));
  const walk = await discoverFiles(fs, '/ws', { exclude: [] });
  const project = await buildProject(fs, '/ws', '', walk.files, walk.skipped, false, DEFAULT_CONFIG);
  return projectStage(project);
}

describe('project stage (past Level 1)', () => {
  it('keeps a notebook folder, even with a helper script and a test, at Level 1', async () => {
    const s = await stageOf({
      'analysis.ipynb': '{"nbformat": 4, "cells": []}',
      'helpers.py': 'x = 1\n',
      'test_helpers.py': 'def test(): pass\n',
      'data/train.csv': 'a,b\n',
    });
    assert.deepEqual(s, { pastLevelOne: false, reasons: [] });
  });

  it('counts a dependency manifest', async () => {
    const s = await stageOf({ 'train.py': 'import sklearn\n', 'requirements.txt': 'scikit-learn==1.5.2\n' });
    assert.equal(s.pastLevelOne, true);
    assert.deepEqual(s.reasons, ['requirements.txt (dependency manifest)']);
  });

  it('counts run configuration files but not CI or editor settings', async () => {
    assert.deepEqual((await stageOf({ 'train.py': '', 'params.yaml': 'lr: 0.1\n' })).reasons, [
      'params.yaml (configuration file)',
    ]);
    assert.deepEqual((await stageOf({ 'train.py': '', 'conf/model/xgb.yaml': 'depth: 6\n' })).reasons, [
      'conf/model/xgb.yaml (configuration file)',
    ]);
    assert.deepEqual(
      (
        await stageOf({
          'train.py': '',
          '.github/workflows/config.yml': 'on: push\n',
          '.pre-commit-config.yaml': 'repos: []\n',
        })
      ).reasons,
      [],
    );
  });

  it('counts a Python package or modules under src/, but not loose scripts side by side', async () => {
    const pkg = await stageOf({
      'src/pkg/__init__.py': '',
      'src/pkg/features.py': 'x = 1\n',
      'src/pkg/train.py': 'y = 2\n',
      'tests/test_train.py': '',
    });
    assert.deepEqual(pkg.reasons, ['src/pkg/ (Python package)']);
    assert.deepEqual((await stageOf({ 'src/train.py': 'x = 1\n' })).reasons, ['src/train.py (module under src/)']);
    assert.deepEqual(
      (await stageOf({ 'train.py': 'x = 1\n', 'predict.py': 'y = 2\n', 'tests/__init__.py': '' })).reasons,
      [],
    );
  });
});
