export { toDot, DotDecoration, DotOptions, EdgeDecoration, NodeDecoration } from './dot';
export {
  COLOR_BY_CHOICES,
  ColorBy,
  EdgeStyle,
  edgeHeatShare,
  edgeStyle,
  heatColour,
  heatHsl,
  heatPosition,
  hollowNodeColours,
  Hsl,
  NodeColours,
  nodeColours,
  nodeHeatShare,
} from './colour';
export { isMostlyAwaited, isMostlyWaiting, waitingFraction } from './waiting';
export { formatTree, TreeOptions } from './tree';
export { quoteDotLabel, quoteDotString } from './dot-escape';
export { formatCalls, formatCommand, formatDuration, formatLocation, formatPercent, formatShare } from './format';
export { dotToSvg } from './svg';
export { svgToPng, PngOptions, DEFAULT_SCALE } from './png';
export { renderGraph, PictureFormat, RenderOptions, RenderOutputError } from './output';
export { formatReport, REPORT_FORMATS, REPORT_SORT_KEYS, ReportFormat, ReportOptions, ReportSortKey } from './report';
