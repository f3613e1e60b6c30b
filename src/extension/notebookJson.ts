// An open notebook, as the editor holds it, written back as nbformat 4 JSON so the core reads the
// unsaved cells exactly as it reads a notebook on disk (same cell indices, markdown included).

/** What the glue reads from one editor cell. */
export interface EditorCell {
  kind: 'code' | 'markdown';
  source: string;
  /** The cell's language (`python`, `sql`, ...). */
  language: string;
  executionCount?: number | null;
  /** Output kinds: `error`, `stream`, or `result`, with plain text when there is some. */
  outputs: Array<{ kind: 'error' | 'stream' | 'result'; text?: string }>;
}

/** Serialises editor cells as an nbformat 4 notebook. The kernel language is taken from the code cells. */
export function notebookJson(cells: EditorCell[]): string {
  const code = cells.filter((c) => c.kind === 'code');
  const language = code.length === 0 || code.some((c) => c.language === 'python') ? 'python' : code[0].language;
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language, name: language, display_name: language }, language_info: { name: language } },
    cells: cells.map((c) =>
      c.kind === 'code'
        ? {
            cell_type: 'code',
            metadata: {},
            execution_count: typeof c.executionCount === 'number' ? c.executionCount : null,
            source: c.source,
            outputs: c.outputs.map((o) =>
              o.kind === 'error'
                ? { output_type: 'error', ename: 'Error', evalue: o.text ?? '', traceback: [] }
                : o.kind === 'stream'
                  ? { output_type: 'stream', name: 'stdout', text: o.text ?? '' }
                  : {
                      output_type: 'execute_result',
                      execution_count: c.executionCount ?? null,
                      metadata: {},
                      data: o.text !== undefined ? { 'text/plain': o.text } : {},
                    },
            ),
          }
        : { cell_type: 'markdown', metadata: {}, source: c.source },
    ),
  };
  return JSON.stringify(nb);
}
