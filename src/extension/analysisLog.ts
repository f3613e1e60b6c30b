// What the output channel says after each analysis: one line per folder with its files and time.
import type { AnalyzeResponse } from './protocol';
import { unanalysedFiles } from './levelView';

/** One line per analysed folder for the output channel: files, what was skipped, time. */
export function analysisLogLines(
  msg: Pick<AnalyzeResponse, 'id' | 'ms' | 'parsed' | 'folders'>,
  names: ReadonlyMap<string, string>,
): string[] {
  return msg.folders.map((r) => {
    const name = names.get(r.key) ?? r.key;
    if (!r.report) return `analysis ${msg.id}: ${name} failed after ${msg.ms} ms`;
    let files = 0;
    let python = 0;
    let notebooks = 0;
    let skipped = 0;
    for (const p of r.report.projects) {
      files += p.stats.files;
      python += p.stats.pythonFiles;
      notebooks += p.stats.notebooks;
      skipped += unanalysedFiles(p).length;
    }
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    return (
      `analysis ${msg.id}: ${name}: ${plural(files, 'file')} (${python} ` +
      `Python, ${plural(notebooks, 'notebook')})${skipped ? `, ${skipped} not analysed` : ''}, ${msg.parsed} ` +
      `parsed, ${msg.ms} ms`
    );
  });
}
