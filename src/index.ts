/**
 * tsprof's public API: read, merge and validate profiles, build and prune the
 * call graph, render it or report on it, and compare runs (diff, budgets) —
 * what the CLI does, as typed functions. `require('tsprof')` and
 * `import … from 'tsprof'` both give this module; `tsprof/register` is the loader for NODE_OPTIONS (see register.ts).
 *
 *     import { readProfile, buildCallGraph, applyGraphSteps, renderToFile } from 'tsprof';
 *     const graph = applyGraphSteps(buildCallGraph(readProfile('out/profile.json')), { root: /Producer\.publish$/ });
 *     await renderToFile(graph, 'out/publish.svg');
 *     writeFileSync('out/profile.pb.gz', exportProfile(upgradeProfile(readProfile('out/profile.json')).profile, 'pprof'));
 */

export {
  AnyProfile,
  FunctionIdentity,
  FunctionView,
  PROFILE_VERSION,
  Profile,
  ProfileContext,
  ProfileEdge,
  ProfileFormatError,
  ProfileFunction,
  ProfileNode,
  ProfileProcess,
  ProfileV1,
  READABLE_VERSIONS,
  ROOT_NAME,
  contextsAsFunctions,
  functionKey,
  functionView,
  mergeProfiles,
  processKey,
  readProfile,
  upgradeProfile,
  validateProfile,
} from './profile/index';
export {
  CallGraph,
  ContextSelection,
  DEFAULT_GRAPH_OPTIONS,
  GraphEdge,
  GraphNode,
  GraphOptions,
  GroupBy,
  applyGraphSteps,
  buildCallGraph,
  findHotPath,
} from './graph/index';
export {
  DotOptions,
  OutputFormat,
  RenderOptions,
  RenderOutputError,
  ReportFormat,
  ReportOptions,
  ReportSortKey,
  WrittenFile,
  formatReport,
  renderGraph,
  renderToFile,
  toDot,
} from './render/index';
export { ColorBy } from './render/colour';
export { formatTree, TreeOptions } from './render/tree';
export { COLLAPSED_VALUES, CollapsedValue, EXPORT_FORMAT_NAMES, ExportFormatName, ExportOptions, exportProfile } from './export/index';
export {
  Budget,
  BudgetOutcome,
  CompareInputError,
  DEFAULT_VERDICT_SETTINGS,
  DiffFormat,
  FunctionDiff,
  ProfileDiff,
  RunTable,
  TimeVerdict,
  VerdictSettings,
  changeDecoration,
  checkBudgets,
  diffRuns,
  formatCheckMarkdown,
  formatCheckText,
  formatDiff,
  parseBudgets,
  readBudgets,
  runTable,
} from './compare/index';
