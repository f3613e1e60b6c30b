import assert from 'node:assert/strict';
import { sameFile } from '../../../src/core/flow/paths';

describe('paths written in code', () => {
  it('match a file by its name, and by its folder where both paths say one', () => {
    assert.equal(sameFile('clean.csv', '../data/clean.csv'), true);
    assert.equal(sameFile('data/clean.csv', '../data/clean.csv'), true);
    assert.equal(sameFile('data/titanic/prepared.csv', 'data/houses/prepared.csv'), false);
    assert.equal(sameFile('clean.csv', 'clean.parquet'), false);
  });

  it('tell a dataset read from an input folder from a file a notebook writes beside itself', () => {
    // Kaggle gives a notebook its datasets under ../input/<dataset>/: another notebook's output is not there.
    assert.equal(sameFile('train_data.csv', '../input/aviachipta-narxini-bashorat-qilish/train_data.csv'), false);
    assert.equal(sameFile('/kaggle/input/titanic/train.csv', 'train.csv'), false);
    // A project that keeps its data in an input folder writes and reads it there.
    assert.equal(sameFile('../input/clean.csv', 'input/clean.csv'), true);
  });
});
