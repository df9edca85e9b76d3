// dist/profile/profile-validator.js is generated at build time from the JSON Schema
// (scripts/profile-validator.js); this is its type.

/** One reason the data does not match the schema, as ajv reports it (without its message: schema-errors.ts words it). */
interface SchemaError {
  /** JSON Pointer to the value: `/contexts/3/selfMs`. */
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Whether the data has the structure of the schema; when not, `errors` holds the first reason. */
declare const validateStructure: ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
export = validateStructure;
