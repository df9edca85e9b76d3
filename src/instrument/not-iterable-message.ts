import type * as t from '@babel/types';

/**
 * `for await (x of y)` is given a stand-in iterable, so when `y` is not
 * iterable the error is thrown by the runtime rather than by V8. The message
 * must still read as V8 words it. V8 names the expression as it was written
 * (`o.items is not async iterable`, `load(...) is not a function or its return
 * value is not async iterable`) when its call printer knows the expression,
 * and otherwise describes the iterator method it found (`undefined is not a
 * function`); null here means the latter, which only the runtime can do.
 */

const INTERMEDIATE = '(intermediate value)';

interface Printed {
  text: string;
  call: boolean;
}

function printed(node: t.Node): Printed | null {
  switch (node.type) {
    case 'Identifier':
      return { text: node.name, call: false };
    case 'ThisExpression':
      return { text: 'this', call: false };
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return { text: String(node.value), call: false };
    case 'UnaryExpression':
      return node.operator === '-' && node.argument.type === 'NumericLiteral' ? { text: `-${node.argument.value}`, call: false } : null;
    case 'MemberExpression': {
      const object = printed(node.object)?.text ?? INTERMEDIATE;
      const key = node.property;
      if (!node.computed) return { text: `${object}.${key.type === 'PrivateName' ? `#${key.id.name}` : (key as t.Identifier).name}`, call: false };
      if (key.type === 'StringLiteral') return { text: `${object}.${key.value}`, call: false };
      if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return { text: `${object}.${key.quasis[0].value.cooked}`, call: false };
      return { text: `${object}[${printed(key)?.text ?? INTERMEDIATE}]`, call: false };
    }
    case 'CallExpression':
    case 'TaggedTemplateExpression':
      return { text: `${printed(node.type === 'CallExpression' ? node.callee : node.tag)?.text ?? INTERMEDIATE}(...)`, call: true };
    case 'NewExpression':
      return { text: INTERMEDIATE, call: true };
    case 'ClassExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return { text: INTERMEDIATE, call: false };
    case 'ObjectExpression':
      return node.properties.length === 0 ? { text: '{}', call: false } : null;
    default:
      return null;
  }
}

export function notAsyncIterableMessage(iterable: t.Expression): string | null {
  const found = printed(iterable);
  if (!found) return null;
  return found.call ? `${found.text} is not a function or its return value is not async iterable` : `${found.text} is not async iterable`;
}
