// Measures what typing costs in the editor: one worker analysis after a one-character edit, in a
// 3,000-line Python file and in a 200-cell notebook (the debounce comes on top). Run after
// `npm run compile-tests`:  node scripts/bench-editor.mjs
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { WorkspaceAnalyzer } = require('../out/src/extension/workspaceAnalyzer.js');
const { NodeFileSystem } = require('../out/src/node/nodeFileSystem.js');
const { notebookJson } = require('../out/src/extension/notebookJson.js');

/** A block of the kind of code a training script repeats: loading, features, a split, a model, a metric. */
function block(i) {
  return `
def load_part_${i}(path="data/part_${i}.csv"):
    df = pd.read_csv(path)
    df["ratio_${i}"] = df["a"] / (df["b"] + 1)
    df = df.dropna(subset=["target"])
    return df


def train_part_${i}(df, seed=${i}):
    X = df.drop(columns=["target"])
    y = df["target"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_test = scaler.transform(X_test)
    model = RandomForestClassifier(n_estimators=${100 + i}, max_depth=${3 + (i % 7)}, random_state=seed)
    model.fit(X_train, y_train)
    preds = model.predict(X_test)
    score = f1_score(y_test, preds, average="macro")
    for k in range(3):
        if score > 0.5 + k / 10:
            print(f"part ${i} step {k}: {score:.3f}")
    return model, score
`;
}

const HEADER = `import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score
`;

function bigPython(lines) {
  let text = HEADER;
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

function bigNotebook(cells) {
  const out = [{ kind: 'code', source: HEADER, language: 'python', executionCount: 1, outputs: [] }];
  for (let i = 1; i < cells; i++) {
    if (i % 5 === 0)
      out.push({ kind: 'markdown', source: `## Step ${i}\nWhat this part does.`, language: 'markdown', outputs: [] });
    else
      out.push({
        kind: 'code',
        source: block(i).trim(),
        language: 'python',
        executionCount: i + 1,
        outputs: [{ kind: 'stream', text: 'ok\n' }],
      });
  }
  return out;
}

/** Wall time and CPU time of one call: on a shared, loaded machine the CPU time is the steadier figure. */
async function timed(f) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await f();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Analyses a one-file workspace once, then after each of `edits` one-character edits. */
async function scenario(name, file, text, edit) {
  const dir = mkdtempSync(join(tmpdir(), 'mlcoach-bench-')).replace(/\\/g, '/');
  try {
    writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, 'requirements.txt'), 'pandas==2.2.2\nscikit-learn==1.5.0\n');
    const analyzer = new WorkspaceAnalyzer(new NodeFileSystem());
    const folders = [{ key: 'bench', path: dir }];
    const path = `${dir}/${file}`;
    const request = (id, overlays) => ({
      type: 'analyze',
      id,
      folders,
      overlays,
      invalidate: [],
      overrides: {},
      hintsFor: [path],
    });
    let findings = 0;
    const cold = await timed(async () => {
      const first = await analyzer.run(request(0, []));
      findings = first.folders[0].report.projects[0].findings.length;
    });
    // The worker lives as long as the window: the first edits warm the JIT up, the next ones are measured.
    const WARM = 10;
    const N = 20;
    for (let i = 1; i <= WARM; i++) await analyzer.run(request(i, [{ path, text: edit(i) }]));
    const times = [];
    // Serialising a notebook happens in the extension host on every change: it is inside the timing.
    for (let i = WARM + 1; i <= WARM + N; i++)
      times.push(await timed(() => analyzer.run(request(i, [{ path, text: edit(i) }]))));
    const wall = median(times.map((x) => x.wall));
    const cpu = median(times.map((x) => x.cpu));
    console.log(
      `${name}: ${findings} findings; cold ${cold.wall.toFixed(0)} ms; one edit: median ${wall.toFixed(1)} ms ` +
        `wall, ${cpu.toFixed(1)} ms CPU, max ${Math.max(...times.map((x) => x.wall)).toFixed(1)} ms wall (${N} ` +
        `edits)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const py = bigPython(3000);
await scenario(`train.py, ${py.split('\n').length} lines`, 'train.py', py, (i) =>
  py.replace('def load_part_7(', `def load_part_7${'x'.repeat(i)}(`),
);
const cells = bigNotebook(200);
const nbLines = cells.reduce((a, c) => a + c.source.split('\n').length, 0);
await scenario(`explore.ipynb, ${cells.length} cells, ${nbLines} lines`, 'explore.ipynb', notebookJson(cells), (i) =>
  notebookJson(cells.map((c, j) => (j === 100 ? { ...c, source: c.source + '#'.repeat(i) } : c))),
);
console.log(`machine load average: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
