import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../profile/types';
import { formatCommand } from './format';
import { pageView, type DiffPageData, type PageData, type PageViewOptions } from './html-data';

/**
 * `calls.html`: one self-contained page (src/render/html/page) with the
 * profile in it, so that search, focus and the flame view need neither a
 * server nor a network. Its script and styles are made by `npm run build`
 * (scripts/bundle.js) and read here; the graph as first drawn is the SVG
 * that `-o calls.svg` writes, so the page shows it before its script ran.
 */
export interface HtmlOptions extends PageViewOptions {
  /** The whole profile: the page selects from it again. */
  profile: Profile;
}

/** The bundles sit beside this module in dist/render; `join(__dirname, '..', 'render')` also holds from dist/cli/bundle.js. */
const ASSETS = join(__dirname, '..', 'render');
export const PAGE_SCRIPT = join(ASSETS, 'html-page.js');
export const PAGE_STYLES = join(ASSETS, 'html-page.css');
/** DejaVu Sans, the font the graph was laid out for, as inline @font-face rules (scripts/bundle.js subsets it). */
export const PAGE_FONT = join(ASSETS, 'html-font.css');
/** The diff page's script: the same views and search, without Graphviz (its graph is not laid out again). */
export const DIFF_PAGE_SCRIPT = join(ASSETS, 'html-diff-page.js');

/**
 * The Content Security Policy makes "nothing is fetched" a property of the
 * page rather than a promise: no connection, image or frame may load, and
 * fonts only from the page itself (its data: URLs).
 * Graphviz runs in a worker made from a blob of the page's own script, and
 * needs WebAssembly compiled and (Emscripten's embind names functions with
 * `new Function`) eval.
 */
const POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data:; font-src data:";
/** The diff page starts no worker and compiles nothing. */
const DIFF_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** Whatever a profile holds goes into the page as JSON that cannot end the script element holding it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A bundle that contained `</script` would end its element early; esbuild escapes it in strings, and this says if that ever changes. */
function inlineScript(file: string): string {
  const script = readFileSync(file, 'utf8');
  if (/<\/script/i.test(script)) throw new Error(`${file} contains "</script" and cannot be inlined`);
  return script;
}

/** The page, given the SVG of the graph as the command line's options select it. */
export function htmlReport(svg: string, options: HtmlOptions): string {
  const { profile } = options;
  const data: PageData = {
    profile,
    view: pageView(options, profile.functions.map((fn) => fn.file)),
  };
  return page(`tsprof: ${formatCommand(profile.command)}`, svg, data, PAGE_SCRIPT, POLICY);
}

/** `tsprof diff -o diff.html`: the diff's picture (its own colours, as SVG) and its table of functions, searchable. */
export function diffHtmlReport(svg: string, data: DiffPageData): string {
  return page(data.heading, svg, data, DIFF_PAGE_SCRIPT, DIFF_POLICY);
}

function page(title: string, svg: string, data: unknown, script: string, policy: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${readFileSync(PAGE_FONT, 'utf8')}${readFileSync(PAGE_STYLES, 'utf8')}</style>`,
    '</head>',
    '<body>',
    `<template id="tsprof-initial-graph">${svg.replace(/^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?/, '')}</template>`,
    `<script type="application/json" id="tsprof-data">${scriptJson(data)}</script>`,
    `<script>${inlineScript(script)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
