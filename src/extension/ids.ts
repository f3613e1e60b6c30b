// Every command, view and setting id the extension uses, in one object a test checks against package.json.

/** Ids of the extension's contributions. */
export const IDS = {
  extension: 'mlcoach.ml-coach',
  container: 'mlcoach',
  views: {
    levels: 'mlcoach.levels',
    findings: 'mlcoach.findings',
  },
  commands: {
    analyzeWorkspace: 'mlcoach.analyzeWorkspace',
    showLevelReport: 'mlcoach.showLevelReport',
    explainRule: 'mlcoach.explainRule',
    openEvidence: 'mlcoach.openEvidence',
    showRuleDocs: 'mlcoach.showRuleDocs',
    showItemDocs: 'mlcoach.showItemDocs',
    openFinding: 'mlcoach.openFinding',
    scaffold: 'mlcoach.scaffold',
    runNextStep: 'mlcoach.runNextStep',
    addDockerfile: 'mlcoach.addDockerfile',
    extractToConfig: 'mlcoach.extractToConfig',
    focusLevels: 'mlcoach.levels.focus',
  },
  settings: {
    enable: 'mlcoach.enable',
    python: 'mlcoach.python.enable',
    notebooks: 'mlcoach.notebooks.enable',
    severity: 'mlcoach.rules.severity',
    exclude: 'mlcoach.exclude',
    targetLevel: 'mlcoach.targetLevel',
    inlayHints: 'mlcoach.hints.inlay',
    codeLens: 'mlcoach.hints.codeLens',
    run: 'mlcoach.run',
    debounce: 'mlcoach.debounce',
  },
  walkthrough: 'mlcoach.levelUp',
  docsScheme: 'mlcoach-docs',
  diagnosticSource: 'ML Coach',
} as const;

/** A setting id without the `mlcoach.` section prefix, as `getConfiguration('mlcoach').get()` wants it. */
export function settingKey(id: string): string {
  return id.startsWith('mlcoach.') ? id.slice('mlcoach.'.length) : id;
}
