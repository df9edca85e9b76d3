/**
 * tsprof's public API: read, merge and validate profiles, build and prune the
 * call graph, render it or report on it, and compare runs (diff, budgets) —
 * what the CLI does, as typed functions. `require('tsprof')` and
 * `import … from 'tsprof'` both give this module; `tsprof/register` is the loader for NODE_OPTIONS (see register.ts).
 *
 *     import { readProfile, selectedCallGraph, applyGraphSteps, renderGraph, exportProfile } from 'tsprof';
 *     const profile = readProfile('out/profile.json');
 *     const graph = applyGraphSteps(selectedCallGraph(profile, { root: /Producer\.publish$/ }));
 *     writeFileSync('out/publish.svg', await renderGraph(graph, 'svg'));
 *     writeFileSync('out/profile.pb.gz', exportProfile(profile, 'pprof'));
 */

export {
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
  Selection,
  selectProfile,
  READABLE_VERSIONS,
  ROOT_NAME,
  functionKey,
  functionView,
  mergeProfiles,
  processKey,
  readProfile,
  upgradeVersion1,
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
  selectedCallGraph,
} from './graph/index';
export {
  DotOptions,
  PictureFormat,
  RenderOptions,
  RenderOutputError,
  ReportFormat,
  ReportOptions,
  ReportSortKey,
  formatReport,
  renderGraph,
  toDot,
} from './render/index';
export { ColorBy } from './render/colour';
export { BoxLabel } from './render/box-label';
export { formatTree, TreeOptions } from './render/tree';
export { COLLAPSED_VALUES, CollapsedValue, ExportOptions } from './export/index';
export { EXPORT_FORMAT_NAMES, exportProfile, OutputFormatName, PICTURE_FORMAT_NAMES } from './cli/outputs';
export { TsprofError } from './errors';
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
