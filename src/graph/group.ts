import { processKey } from '../profile/identity';
import type { ProfileProcess } from '../profile/types';
import { CallGraph, GraphNode, GroupBy } from './types';

export interface GroupOptions {
  group: GroupBy;
  /**
   * The package a source file belongs to. The CLI passes one that reads the
   * nearest package.json; without it (or when it knows nothing) the name
   * after the last `node_modules/` is used, and other files form one group.
   */
  packageOf?: (file: string) => string | undefined;
}

/** Label of the functions of processes recorded without their host name. */
export const UNKNOWN_HOST_GROUP = '(host not recorded)';

/** Label of the group of files outside any node_modules when no package name is known. */
export const UNPACKAGED_GROUP = '(application)';

/**
 * Gives every node the label of the Graphviz cluster it is drawn in, like
 * pycallgraph's groups:
 *  - file:    its source file;
 *  - module:  the directory of its source file (src/queue, lib/generators);
 *  - package: the npm package it comes from;
 *  - process: the process (or worker thread) that ran it, for merged profiles;
 *    a function that ran in several is grouped under all of them;
 *  - host:    the machine it ran on (processes recorded with their host name),
 *    for profiles merged from several hosts by `tsprof merge`.
 * The root is never grouped. Labels of files and directories stay absolute;
 * renderers shorten them (see CallGraph.groupBy).
 */
export function groupNodes(graph: CallGraph, options: GroupOptions): CallGraph {
  const label = groupLabeller(graph, options);
  return {
    ...graph,
    groupBy: options.group,
    settings: options.group === 'none' ? graph.settings : [...graph.settings, `grouped by ${options.group}`],
    nodes: graph.nodes.map((node) => {
      const { group: _previous, ...rest } = node;
      const group = node.isRoot ? undefined : label(node);
      return group === undefined ? rest : { ...rest, group };
    }),
  };
}

function groupLabeller(graph: CallGraph, options: GroupOptions): (node: GraphNode) => string | undefined {
  switch (options.group) {
    case 'none':
      return () => undefined;
    case 'file':
      return (node) => node.file || undefined;
    case 'module':
      return (node) => (node.file ? directoryOf(node.file) : undefined);
    case 'package':
      return (node) => (node.file ? (options.packageOf?.(node.file) ?? packageFromPath(node.file)) : undefined);
    case 'process': {
      const names = new Map(graph.processes.map((process) => [processKey(process), processLabel(process)]));
      return (node) => (node.processes && node.processes.length > 0 ? node.processes.map((key) => names.get(key) ?? `process ${key}`).join(' + ') : undefined);
    }
    case 'host': {
      const hosts = new Map(graph.processes.map((process) => [processKey(process), process.host ? `host ${process.host}` : UNKNOWN_HOST_GROUP]));
      return (node) => {
        if (!node.processes || node.processes.length === 0) return undefined;
        return [...new Set(node.processes.map((key) => hosts.get(key) ?? UNKNOWN_HOST_GROUP))].sort().join(' + ');
      };
    }
  }
}

function directoryOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut > 0 ? file.slice(0, cut) : file;
}

/** `…/node_modules/@babel/generator/lib/printer.js` → `@babel/generator`. */
export function packageFromPath(file: string): string {
  const parts = file.split(/[\\/]/);
  const index = parts.lastIndexOf('node_modules');
  if (index < 0 || index + 1 >= parts.length) return UNPACKAGED_GROUP;
  const name = parts[index + 1];
  return name.startsWith('@') && index + 2 < parts.length ? `${name}/${parts[index + 2]}` : name;
}

/** `process 4812 on web-1: node app.js`, or `thread 2 of 4812` for a worker. Also names processes in exports. */
export function processLabel(process: ProfileProcess): string {
  const script = process.argv.slice(1).map((arg) => arg.split(/[\\/]/).pop()).join(' ');
  const where = process.host ? ` on ${process.host}` : '';
  const who = process.threadId > 0 ? `thread ${process.threadId} of ${process.pid}${where}` : `process ${process.pid}${where}`;
  return script ? `${who}: node ${script}` : who;
}
