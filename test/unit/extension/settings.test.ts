import assert from 'node:assert/strict';
import { readSettings } from '../../../src/extension/settings';

describe('extension settings', () => {
  it('turns editor settings into core overrides', () => {
    const values: Record<string, unknown> = {
      'mlcoach.rules.severity': { ML301: 'hint', 'unseeded-randomness': 'off', ML999: 'loud' },
      'mlcoach.exclude': ['data/**', '', 42],
      'mlcoach.targetLevel': 2,
      'mlcoach.run': 'onSave',
      'mlcoach.debounce': 120,
    };
    const s = readSettings((id) => values[id]);
    assert.deepEqual(s.overrides, {
      severity: { ML301: 'hint', 'unseeded-randomness': 'off' },
      exclude: ['data/**'],
      targetLevel: 2,
    });
    assert.equal(s.run, 'onSave');
    assert.equal(s.debounce, 120);
  });

  it('falls back to defaults for malformed values', () => {
    const values: Record<string, unknown> = {
      'mlcoach.targetLevel': 9,
      'mlcoach.debounce': -5,
      'mlcoach.enable': 'yes',
      'mlcoach.rules.severity': ['ML101'],
      'mlcoach.run': 'sometimes',
    };
    const s = readSettings((id) => values[id]);
    assert.deepEqual(s.overrides, {});
    assert.equal(s.debounce, 300);
    assert.equal(s.enable, true);
    assert.equal(s.run, 'onType');
  });
});
