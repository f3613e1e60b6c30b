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
  'above. Numbers PyYAML would misread (`1e-7`) and tuples stay in code. A second run adds nothing. The Level ' +
  'view offers the same fix as "Extract to Config" on the config item while it is missing or partly met, for ' +
  'the file with the most such findings (or the one you pick).';
