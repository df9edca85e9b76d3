import {
  LOCATED_NODE_CLASS,
  NODE_CLASS,
  NODE_DETAIL_FONT_SIZE,
  NODE_LOCATION_FONT_SIZE,
  NODE_NAME_FONT_SIZE,
  TITLE_CLASS,
  TITLE_DETAIL_FONT_SIZE,
  TITLE_HEADING_FONT_SIZE,
} from './typography';

interface LineStyle {
  fontSize: number;
  bold: boolean;
}

/** Which style each line of a labelled element gets, by its position in the label. */
type LineStyles = (index: number, count: number, classes: string[]) => LineStyle;

const STYLES_BY_CLASS: Record<string, LineStyles> = {
  [TITLE_CLASS]: (index) =>
    index === 0 ? { fontSize: TITLE_HEADING_FONT_SIZE, bold: true } : { fontSize: TITLE_DETAIL_FONT_SIZE, bold: false },
  [NODE_CLASS]: (index, count, classes) => {
    if (index === 0) return { fontSize: NODE_NAME_FONT_SIZE, bold: true };
    if (index === count - 1 && classes.includes(LOCATED_NODE_CLASS)) return { fontSize: NODE_LOCATION_FONT_SIZE, bold: false };
    return { fontSize: NODE_DETAIL_FONT_SIZE, bold: false };
  },
};

interface LabelledBlock {
  styles: LineStyles;
  classes: string[];
  /** Indexes into the SVG's lines of this element's `<text>` lines, in label order. */
  textLines: number[];
}

/**
 * Gives the lines of tsprof's titles and nodes their own size and weight
 * (see typography.ts). It reads Graphviz's SVG line by line: each graph or
 * node group opens with `<g id="node7" class="...">` and ends where the next
 * element's `<!-- ... -->` comment starts, and each label line is one
 * `<text>` line. Elements without a tsprof class are left alone, so any DOT
 * can still go through dotToSvg.
 */
export function tidySvgTypography(svg: string): string {
  const lines = svg.split('\n');
  let block: LabelledBlock | undefined;
  const finish = (): void => {
    if (block) restyle(lines, block);
    block = undefined;
  };

  lines.forEach((line, index) => {
    const opening = /^<g id="(?:graph|node)\d+" class="([^"]*)"/.exec(line);
    if (opening) {
      finish();
      block = startBlock(opening[1].replace(/&#45;/g, '-').split(' '));
    } else if (line.startsWith('<!--')) {
      finish();
    } else if (block && line.startsWith('<text ')) {
      block.textLines.push(index);
    }
  });
  finish();
  return lines.join('\n');
}

function startBlock(classes: string[]): LabelledBlock | undefined {
  const styled = classes.find((name) => name in STYLES_BY_CLASS);
  return styled ? { styles: STYLES_BY_CLASS[styled], classes, textLines: [] } : undefined;
}

function restyle(lines: string[], block: LabelledBlock): void {
  block.textLines.forEach((lineIndex, position) => {
    const style = block.styles(position, block.textLines.length, block.classes);
    const weight = style.bold ? ' font-weight="bold"' : '';
    lines[lineIndex] = lines[lineIndex].replace(/ font-size="[\d.]+"/, ` font-size="${style.fontSize.toFixed(2)}"${weight}`);
  });
}
