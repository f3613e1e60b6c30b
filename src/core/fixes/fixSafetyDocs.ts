// The "Fix safety" text of fixes that several rules share (kept free of imports: rule modules load it at start-up).

/** The fix safety both rules document. */
export const EXTRACT_CONFIG_SAFETY =
  'Unsafe. "Extract hyperparameters and data paths to config" moves every literal hyperparameter and data path ' +
  "of the script into the project's YAML config (the first of `configs/*.yaml`, `config/*.yaml`, `conf/*.yaml`, " +
  '`params.yaml`, else a new `configs/params.yaml`) under a section named after the script, loads that section ' +
  'once after the imports (`CONFIG = yaml.safe_load(...)["train"]`, the path anchored at the script\'s own ' +
  'folder) and reads each value where its literal was. The values and their types do not change; an existing ' +
  'config keeps its comments and order (a new section is appended). When the script does not import `yaml` ' +
  'yet, the fix also adds a dependency on PyYAML; a script that already imports it gets only the edits ' +
  'above. Numbers PyYAML would misread (`1e-7`) and tuples stay in code. A second run adds nothing. In a ' +
  'notebook of a project past Level 1, where this rule stays quiet, the editor offers the same action on ' +
  'demand in the cells that hold such values: it changes only those cells and the one whose imports the load ' +
  'follows (outputs, metadata and the other cells keep their bytes), and since a notebook has no `__file__` ' +
  'the config is looked up from the working directory upwards: Jupyter and VS Code run a notebook in its own ' +
  'folder, and the notebook\'s data paths stay relative to it. The Level view offers the fix as "Extract to ' +
  'Config" on the config item while it is missing or partly met, for the script or notebook with the most ' +
  'hard-coded values (or the one you pick).';
