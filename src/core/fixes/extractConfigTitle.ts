// The title of the "extract to config" fix, in a module of its own: the Level view finds the fix by it
// without loading the analyser.

/** The title of the fix. */
export const EXTRACT_CONFIG_TITLE = 'Extract hyperparameters and data paths to config';
