export { toDot, DotOptions } from './dot';
export { quoteDotLabel, quoteDotString } from './dot-escape';
export { formatCalls, formatCommand, formatDuration, formatLocation, formatPercent } from './format';
export { dotToSvg } from './svg';
export { svgToPng, PngOptions } from './png';
export { formatForFile, renderGraph, renderToFile, OutputFormat, RenderOptions, WrittenFile } from './output';
export { formatReport, ReportFormat, ReportOptions, ReportSortKey } from './report';
