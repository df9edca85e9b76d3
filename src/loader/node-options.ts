import { CONFIG_VARIABLE } from './config';

/** Quotes a path for NODE_OPTIONS, which Node splits on spaces but honours double quotes in. */
function quoteForNodeOptions(path: string): string {
  return /[\s"\\]/.test(path) ? `"${path.replace(/(["\\])/g, '\\$1')}"` : path;
}

export function preloadOption(preloadPath: string): string {
  return `--require ${quoteForNodeOptions(preloadPath)}`;
}

/**
 * tsprof's preload goes first: Node runs `--require`s in order, and the
 * program's own preloads may load included files or install require hooks,
 * which must find tsprof's hooks already there and its own modules loaded.
 */
export function nodeOptionsWithPreload(existing: string | undefined, preloadPath: string): string {
  const option = preloadOption(preloadPath);
  return existing && existing.trim() !== '' ? `${option} ${existing}` : option;
}

/** For --no-children: the command's own process is profiled, its children start clean. */
export function removePreloadFromNodeOptions(environment: NodeJS.ProcessEnv): void {
  const preload = preloadOption(require.resolve('./preload'));
  const remaining = (environment.NODE_OPTIONS ?? '').replace(preload, '').trim();
  if (remaining === '') delete environment.NODE_OPTIONS;
  else environment.NODE_OPTIONS = remaining;
  delete environment[CONFIG_VARIABLE];
}
