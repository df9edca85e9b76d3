export { Budget, parseBudgets, readBudgets } from './budgets';
export { BudgetOutcome, CheckInput, checkBudgets, formatCheckMarkdown, formatCheckText } from './check';
export { CompareInputError } from './errors';
export { CallsChange, ContextDiff, DiffOptions, FunctionDiff, ProfileDiff, SideNumbers, diffRuns } from './diff';
export { DIFF_FORMATS, DiffFormat, DiffFormatOptions, formatDiff } from './diff-format';
export { changeDecoration, type DiffProfiles } from './diff-picture';
export { Measures, RunTable, comparableKey, runTable } from './runs';
export { SpeedFactors, speedFactors } from './speed';
export { DEFAULT_VERDICT_SETTINGS, TimeVerdict, VerdictSettings } from './verdict';
