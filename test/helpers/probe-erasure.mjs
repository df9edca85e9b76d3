// Whether the instrumented output is the same program as the input once its probes are taken
// out. Text checks cannot see this: `a/await b` gains a `//` comment and `yield` followed by a
// line starting with `(` stops ending at the line break, yet both give the input's text back.
// Here the output is parsed, every node the transform inserted is removed from the tree, and
// the tree must equal the input's, positions aside.
import { parse } from '@babel/parser';

const PLUGINS = [['importAttributes', { deprecatedAssertSyntax: true }], 'explicitResourceManagement'];
const POSITION_KEYS = new Set(['start', 'end', 'loc', 'range', 'extra', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'tokens']);

/** Parses as instrument does for `format` ('commonjs' | 'module' | 'unknown'). */
export function parseAs(code, format) {
  return parse(code, {
    sourceType: format === 'module' ? 'module' : format === 'commonjs' ? 'script' : 'unambiguous',
    allowReturnOutsideFunction: format !== 'module',
    allowNewTargetOutsideFunction: format !== 'module',
    plugins: PLUGINS,
  });
}

/** Sorted [start, end) ranges of the output that the transform inserted: sentinel pieces and the prologue. */
function insertedRanges(output, program, prefix, marker, prologueEnd) {
  const ranges = [];
  const open = `/*${prefix}[*/`;
  const close = `/*]${prefix}*/`;
  for (let start = output.indexOf(open); start >= 0; start = output.indexOf(open, start + 1)) {
    const end = output.indexOf(close, start);
    ranges.push([start, end < 0 ? output.length : end + close.length]);
  }
  const markerAt = output.indexOf(marker);
  // After directives the prologue brings its own `;`, the character just before the marker.
  if (markerAt >= 0) ranges.push([markerAt - (program.directives.length > 0 ? 1 : 0), prologueEnd(output, markerAt)]);
  return ranges.sort((a, b) => a[0] - b[0]);
}

function isNode(value) {
  return value !== null && typeof value === 'object' && typeof value.type === 'string';
}

class Eraser {
  constructor(ranges) {
    this.ranges = ranges;
  }

  /** The inserted range holding `position`, or null when the character there was in the input. */
  rangeAt(position) {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = this.ranges[middle];
      if (position < start) high = middle - 1;
      else if (position >= end) low = middle + 1;
      else return this.ranges[middle];
    }
    return null;
  }

  inserted(position) {
    return this.rangeAt(position) !== null;
  }

  /** Whether all of the node is one inserted piece. */
  wholly(node) {
    const range = this.rangeAt(node.start);
    return range !== null && node.end <= range[1];
  }

  /** Statements as they were written: inserted ones dropped, inserted blocks and try statements opened. */
  statements(list) {
    const kept = [];
    for (const statement of list) {
      if (this.wholly(statement)) continue;
      if (this.inserted(statement.start) && statement.type === 'BlockStatement') kept.push(...this.statements(statement.body));
      else if (this.inserted(statement.start) && statement.type === 'TryStatement') kept.push(...this.statements(statement.block.body));
      else kept.push(this.node(statement));
    }
    return kept;
  }

  /** A statement in a single-statement position (loop body, if branch, label) that may have been put in a block. */
  single(statement) {
    if (!(this.inserted(statement.start) && statement.type === 'BlockStatement')) return this.node(statement);
    const kept = this.statements(statement.body);
    return kept.length === 1 ? kept[0] : { type: 'InsertedBlockWithUnexpectedContent', body: kept };
  }

  /** An arrow whose expression body was turned into `{var f=…;try{return body}finally{…}}`. */
  expressionBody(block) {
    const returned = this.statements(block.body);
    return returned.length === 1 && returned[0].type === 'ReturnStatement' && this.inserted(block.body.at(-1).start)
      ? returned[0].argument
      : { type: 'InsertedArrowBodyWithUnexpectedContent', body: returned };
  }

  node(node) {
    if (node.type === 'CallExpression' && this.inserted(node.start)) {
      // A probe call around original code: `r(f, await s(f, x))`, `fa(f, x, "message")`.
      const original = node.arguments.filter((argument) => !this.wholly(argument));
      if (original.length === 0) return null;
      return original.length === 1 ? this.node(original[0]) : { type: 'ProbeCallWithUnexpectedArguments', arguments: original.map((argument) => this.node(argument)) };
    }
    if (node.type === 'ArrowFunctionExpression' && node.body.type === 'BlockStatement' && this.inserted(node.body.start)) {
      return { ...this.copy(node), body: this.expressionBody(node.body) };
    }
    return this.copy(node);
  }

  copy(node) {
    const result = {};
    for (const [key, value] of Object.entries(node)) {
      if (POSITION_KEYS.has(key)) continue;
      if (Array.isArray(value)) {
        const isStatementList = (key === 'body' || key === 'consequent') && value.every(isNode) && node.type !== 'ClassBody';
        result[key] = isStatementList ? this.statements(value) : value.map((item) => (isNode(item) ? this.node(item) : item));
      } else if (isNode(value)) {
        const isSingleStatement = ['consequent', 'alternate', 'body'].includes(key) && /Statement$|Declaration$/.test(value.type) && node.type !== 'ArrowFunctionExpression';
        result[key] = isSingleStatement ? this.single(value) : this.node(value);
      } else {
        result[key] = value;
      }
    }
    return result;
  }
}

/** Where two trees first differ, named by the input line it is on; null when they are equal. Positions are ignored. */
function firstTreeDifference(actual, expected, line = 1) {
  if (actual === expected) return null;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `input line ${line}: output has ${JSON.stringify(actual)?.slice(0, 100)}, input ${JSON.stringify(expected)?.slice(0, 100)}`;
  }
  if (actual.type !== expected.type) return `input line ${expected.loc?.start.line ?? line}: output has a ${actual.type ?? 'list'} where the input has a ${expected.type ?? 'list'}`;
  const here = expected.loc?.start.line ?? line;
  for (const key of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    if (POSITION_KEYS.has(key)) continue;
    const difference = firstTreeDifference(actual[key], expected[key], here);
    if (difference) return difference;
  }
  return null;
}

/**
 * Compares the program the output parses to, probes removed, with the input's. Returns null
 * when they are the same, else where they first differ, with the line of the input it is on.
 */
export function programDifference({ input, output, format, prefix, marker, prologueEnd }) {
  const expected = parseAs(input, format);
  let actual;
  try {
    actual = parseAs(output, format);
  } catch (error) {
    return `the output does not parse: ${error.message}`;
  }
  if (actual.program.sourceType !== expected.program.sourceType) return `the output parses as ${actual.program.sourceType}, the input as ${expected.program.sourceType}`;
  const eraser = new Eraser(insertedRanges(output, actual.program, prefix, marker, prologueEnd));
  return firstTreeDifference(eraser.node(actual.program), expected.program);
}
