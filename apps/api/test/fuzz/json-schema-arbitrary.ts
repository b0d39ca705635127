import fc from 'fast-check';

// fast-check arbitraries for the JSON Schemas zod 4 produces from our input schemas
// (`z.toJSONSchema(schema, { io: 'input' })`): the shapes the inputs use, no more. Values
// follow the schema's types, bounds and patterns, so most reach the procedures' logic;
// refinements (uniqueness, cross-field rules) are left for the procedures to catch.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}

export interface ArbitraryOptions {
  /** Ids that exist in the database, drawn as often as random ones so calls get past "not found". */
  knownIds: string[];
  /** Values for properties of these names, where a refinement the JSON Schema cannot say decides (allowlists). */
  byPropertyName?: Record<string, fc.Arbitrary<unknown>>;
}

/** Long strings are capped: the point is variety, not size (size has its own hostile cases). */
const MAX_STRING = 300;

export function arbitraryOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryOf(alternative, options)));
  if (schema.allOf?.[0]) return arbitraryOf(schema.allOf[0], options);
  const type = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? undefined : [schema.type];
  if (type && type.length > 1) return fc.oneof(...type.map((single) => arbitraryOf({ ...schema, type: single }, options)));
  switch (type?.[0]) {
    case 'object':
      return objectOf(schema, options);
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, options), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'string':
      return stringOf(schema, options);
    case 'integer':
      return fc.integer({ min: lower(schema, -1_000_000), max: upper(schema, 1_000_000) });
    case 'number': {
      // Whole numbers mostly: many inputs accept a number or a numeric string and want an integer.
      const min = lower(schema, -1e6);
      const max = upper(schema, 1e6);
      // Small ones most of all: a union of number and numeric string loses its bounds in JSON Schema.
      const small = { min: Math.ceil(Math.max(min, 0)), max: Math.floor(Math.min(max, 50)) };
      return fc.oneof(
        ...(small.min <= small.max ? [{ weight: 4, arbitrary: fc.integer(small) }] : []),
        { weight: 1, arbitrary: fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) }) },
        { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function lower(schema: JsonSchema, fallback: number): number {
  const bound = schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : schema.exclusiveMinimum + 1);
  return Math.max(bound ?? fallback, Number.MIN_SAFE_INTEGER);
}

function upper(schema: JsonSchema, fallback: number): number {
  const bound = schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : schema.exclusiveMaximum - 1);
  return Math.min(bound ?? fallback, Number.MAX_SAFE_INTEGER);
}

function stringOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return options.knownIds.length > 0
        ? fc.oneof({ weight: 1, arbitrary: fc.uuid() }, { weight: 3, arbitrary: fc.constantFrom(...options.knownIds) })
        : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'uri':
      return fc.webUrl();
    default:
      break;
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, MAX_STRING));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length >= minLength && text.length <= maxLength);
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function objectOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    // A record: keys from propertyNames, values from additionalProperties.
    return fc.dictionary(
      schema.propertyNames ? stringOf({ type: 'string', ...schema.propertyNames }, options) : fc.string({ minLength: 1, maxLength: 20 }),
      arbitraryOf(schema.additionalProperties, options),
      { maxKeys: 3 },
    );
  }
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) record[key] = options.byPropertyName?.[key] ?? arbitraryOf(property, options);
  return fc.record(record, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) });
}
