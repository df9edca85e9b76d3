import { parse, type ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';

/** How the module system will load the file, which decides what syntax is legal. */
export type ModuleFormat = 'commonjs' | 'module' | 'unknown';

const TYPESCRIPT_EXTENSION = /\.(?:[cm]?ts|tsx)$/;
const JSX_EXTENSION = /\.(?:jsx|tsx)$/;

const SHARED_PLUGINS: ParserPlugin[] = [
  ['importAttributes', { deprecatedAssertSyntax: true }],
  'explicitResourceManagement',
];

function parseWith(code: string, format: ModuleFormat, plugins: ParserPlugin[]): File {
  return parse(code, {
    sourceType: format === 'module' ? 'module' : format === 'commonjs' ? 'script' : 'unambiguous',
    // CommonJS bodies run inside a function wrapper, so these are legal there.
    allowReturnOutsideFunction: format !== 'module',
    allowNewTargetOutsideFunction: format !== 'module',
    errorRecovery: false,
    // Nothing reads comments off the nodes; attaching them costs time on every node.
    attachComment: false,
    plugins,
  });
}

/**
 * Parses plain JavaScript first; TypeScript syntax only for TypeScript files that
 * reach us uncompiled (a loader such as tsx may run before or after tsprof).
 * Trying JavaScript first keeps `a < b > c` meaning what it means in JavaScript.
 */
export function parseSource(code: string, filename: string, format: ModuleFormat): File {
  const jsx: ParserPlugin[] = JSX_EXTENSION.test(filename) ? ['jsx'] : [];
  if (!TYPESCRIPT_EXTENSION.test(filename)) return parseWith(code, format, [...SHARED_PLUGINS, ...jsx]);
  try {
    return parseWith(code, format, [...SHARED_PLUGINS, ...jsx]);
  } catch {
    return parseWith(code, format, [...SHARED_PLUGINS, ...jsx, 'typescript', 'decorators-legacy']);
  }
}
