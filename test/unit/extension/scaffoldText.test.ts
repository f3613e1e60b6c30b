import assert from 'node:assert/strict';
import { scaffoldConfirm } from '../../../src/extension/scaffoldText';

describe('scaffold confirmation', () => {
  it('asks a short question and lists the plan: files, files left alone, notes', () => {
    const c = scaffoldConfirm('Dockerfile', 'churn', {
      files: [
        { path: 'Dockerfile', content: 'FROM python\nCOPY . .\n' },
        { path: '.dockerignore', content: 'data/\n' },
      ],
      skipped: [{ path: 'requirements.txt', reason: 'exists' }],
      notes: ['The image serves app.main:app on port 8000.', 'Pin the base image digest for releases.'],
    });
    assert.equal(c.title, 'Add Dockerfile to churn?');
    assert.ok(c.title.length <= 60);
    assert.equal(c.action, 'Create 2 Files');
    assert.deepEqual(c.detail.split('\n'), [
      'Files to create:',
      '• Dockerfile (3 lines)',
      '• .dockerignore (2 lines)',
      '',
      'Left as they are:',
      '• requirements.txt (exists)',
      '',
      'Notes:',
      '• The image serves app.main:app on port 8000.',
      '• Pin the base image digest for releases.',
      '',
      'Existing files are never overwritten.',
    ]);
  });
});
