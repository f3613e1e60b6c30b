// Where the command line keeps what it can compute again: compiled code and reports of earlier runs.
// Everything under it is safe to delete at any time.
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder for ML Coach: $MLCOACH_CACHE_DIR as given, else $XDG_CACHE_HOME/mlcoach,
 * else the platform's cache folder (~/.cache/mlcoach, ~/Library/Caches/mlcoach, %LOCALAPPDATA%\mlcoach\Cache).
 */
export function userCacheDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MLCOACH_CACHE_DIR) return env.MLCOACH_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'mlcoach');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'mlcoach', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'mlcoach');
  return join(home, '.cache', 'mlcoach');
}
