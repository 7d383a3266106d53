import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where state lives: --state-dir, else DCCTL_STATE_DIR, else the user's config directory (as conf/env-paths choose it). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Preferences', 'dcctl');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'dcctl', 'Config');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'dcctl');
}

export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.DCCTL_STATE_DIR || undefined) ?? defaultStateDir(env);
}
