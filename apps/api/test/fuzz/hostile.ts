import fc from 'fast-check';

// Mutations of a well-formed input that a hostile or broken client sends: text Postgres
// cannot store, numbers no column holds, wrong types, unknown fields, absurd sizes. Each
// replaces one value somewhere in the input (or the whole input).

const HIGH_SURROGATE = String.fromCharCode(0xd800);
const LOW_SURROGATE = String.fromCharCode(0xdfff);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'nul\u0000byte',
    `lone ${HIGH_SURROGATE} surrogate`,
    `${LOW_SURROGATE}`,
    '\u0000',
    '',
    ' ',
    'x'.repeat(200_001),
    '9223372036854775808',
    '99999999999999999999',
    '-1',
    '1e400',
    '../../etc/passwd',
    "'; DROP TABLE projects; --",
    '{{constructor}}',
    '__proto__',
  ),
  fc.constantFrom(
    2 ** 31,
    2 ** 31 - 1,
    2 ** 53,
    -(2 ** 53),
    1e300,
    -1e300,
    99_999_999.99999,
    100_000_000,
    1e12,
    -1,
    0,
    0.5,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc.constantFrom(null, true, false, [], {}, [null], { __proto__: { polluted: true } }),
  fc.array(fc.constant('x'), { minLength: 1_000, maxLength: 1_000 }),
);

/** Paths to every value inside `value` (objects and arrays walked), the root included. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, field] of Object.entries(value)) paths.push(...pathsOf(field, [...prefix, key]));
  }
  return paths;
}

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return (value as unknown[]).map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  if (value !== null && typeof value === 'object' && head !== undefined) {
    return { ...value, [head]: replaceAt((value as Record<string | number, unknown>)[head], rest, replacement) };
  }
  return value;
}

/** Text Postgres cannot store, put where the input has text. */
const unstorableText = fc.constantFrom('nul\u0000byte', '\u0000', `lone ${HIGH_SURROGATE} surrogate`, LOW_SURROGATE, `${HIGH_SURROGATE}`);
/** Numbers past what the columns and bounds hold, put where the input has a number. */
const outOfRangeNumber = fc.constantFrom(2 ** 31, 2 ** 53, 1e300, -1e300, 99_999_999.99999, 1e12, -1, 0.5);

/**
 * One hostile version of `input`: unstorable text where it has text, an out-of-range number
 * where it has a number, any hostile value anywhere, or an unknown field. Mutating inputs the
 * schema accepts is what gets hostile values past the first check and into the procedures.
 */
export function hostileVersionOf(input: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return input.chain((value) => {
    const paths = pathsOf(value);
    const at = (predicate: (leaf: unknown) => boolean) => paths.filter((path) => predicate(valueAt(value, path)));
    const textPaths = at((leaf) => typeof leaf === 'string');
    const numberPaths = at((leaf) => typeof leaf === 'number');
    const swap = (where: Array<Array<string | number>>, values: fc.Arbitrary<unknown>) =>
      fc.tuple(fc.constantFrom(...where), values).map(([path, replacement]) => replaceAt(value, path, replacement));
    return fc.oneof(
      ...(textPaths.length > 0 ? [{ weight: 4, arbitrary: swap(textPaths, unstorableText) }] : []),
      ...(numberPaths.length > 0 ? [{ weight: 2, arbitrary: swap(numberPaths, outOfRangeNumber) }] : []),
      { weight: 2, arbitrary: swap(paths, hostileValue) },
      {
        weight: 1,
        arbitrary: fc.constant(
          value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value, notAField: 1 } : { notAField: 1 },
        ),
      },
    );
  });
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const key of path)
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[key] : undefined;
  return current;
}
