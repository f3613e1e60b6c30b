import assert from 'node:assert/strict';
import { AnalysisScheduler, type Clock } from '../../../src/extension/scheduler';

/** A clock the test advances by hand. */
function manualClock(): Clock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    setTimeout(fn, ms) {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(h) {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
    pending: () => timers.length,
  };
}

describe('analysis scheduler', () => {
  it('debounces a burst of triggers into one run', () => {
    const clock = manualClock();
    const runs: number[] = [];
    const s = new AnalysisScheduler((g) => runs.push(g), clock);
    for (let i = 0; i < 10; i++) {
      s.trigger(300);
      clock.advance(100);
    }
    assert.deepEqual(runs, []);
    clock.advance(300);
    assert.deepEqual(runs, [1]);
  });

  it('drops results of a run once a newer one has started', () => {
    const clock = manualClock();
    const runs: number[] = [];
    const s = new AnalysisScheduler((g) => runs.push(g), clock);
    const first = s.runNow();
    const second = s.runNow();
    assert.equal(s.finished(first), false);
    assert.equal(s.finished(second), true);
  });

  it('is idle only when nothing debounces or runs, and wakes waiters then', async () => {
    const clock = manualClock();
    const s = new AnalysisScheduler(() => undefined, clock);
    assert.equal(s.idle, true);
    s.trigger(50);
    assert.equal(s.idle, false);
    let woke = false;
    const waiting = s.whenIdle().then(() => (woke = true));
    clock.advance(50);
    await Promise.resolve();
    assert.equal(woke, false, 'a run is in flight');
    s.finished(s.current);
    await waiting;
    assert.equal(woke, true);
  });

  it('an answer to a newer run also settles older runs the worker merged away', async () => {
    const s = new AnalysisScheduler(() => undefined, manualClock());
    s.runNow();
    s.runNow();
    const g = s.runNow();
    assert.equal(s.finished(g), true);
    assert.equal(s.idle, true);
    await s.whenIdle();
  });

  it('releases waiters when runs are abandoned (worker exit)', async () => {
    const s = new AnalysisScheduler(() => undefined, manualClock());
    s.runNow();
    const waiting = s.whenIdle();
    s.abandonAll();
    await waiting;
    assert.equal(s.idle, true);
  });
});
