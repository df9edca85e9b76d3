import type validateStructure from './profile-validator';

type SchemaError = NonNullable<typeof validateStructure.errors>[number];

const ARTICLES: Record<string, string> = { array: 'an array', integer: 'an integer', object: 'an object' };

function segments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `functions[3].line` for `/functions/3/line`; a top-level field quoted, as `"contexts"`. */
function where(path: string[]): string {
  const [first, ...rest] = path;
  if (first === undefined) return 'the profile';
  const tail = rest.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join('');
  return tail ? `${first}${tail}` : `"${first}"`;
}

function valueAt(data: unknown, path: string[]): string {
  const value = path.reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], data);
  return JSON.stringify(value);
}

/**
 * One line a user can act on for what the schema found wrong in `data`:
 * `functions[3] lacks "line"`, `contexts[2].selfMs is -1; it must be at least 0`.
 */
export function describeSchemaError(error: SchemaError, data: unknown): string {
  const path = segments(error.instancePath);
  const subject = where(path);
  const { params } = error;
  switch (error.keyword) {
    case 'required':
      return `${subject} lacks "${String(params.missingProperty)}"`;
    case 'type':
      return `${subject} is not ${ARTICLES[String(params.type)] ?? `a ${String(params.type)}`}`;
    case 'minItems':
      return params.limit === 1 ? `${subject} is an empty array` : `${subject} has fewer than ${String(params.limit)} items`;
    case 'minLength':
      return params.limit === 1 ? `${subject} is an empty string` : `${subject} is shorter than ${String(params.limit)} characters`;
    case 'minimum':
      return `${subject} is ${valueAt(data, path)}; it must be at least ${String(params.limit)}`;
    case 'const':
      return `${subject} is ${valueAt(data, path)}; it must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return `${subject} is ${valueAt(data, path)}, which does not match ${String(params.pattern)}`;
    default:
      return `${subject} fails the schema's "${error.keyword}" ${JSON.stringify(params)}`;
  }
}
