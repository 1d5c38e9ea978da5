/**
 * Hostile input for the abuse suite: strings that break naive code (SQL, markup, unicode
 * edge cases, NUL), JSON values of every type, and ways to spoil a valid body so that the
 * result is garbage by construction (a wrong type, a missing or unknown field, an absurd
 * number, text beyond any limit, text Postgres cannot store).
 */
import fc from "fast-check";

/** Markup that would run if a page or error message echoed it unescaped. */
export const SCRIPT_PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>", "javascript:alert(1)", "'><iframe src=javascript:alert(1)>"];

export const HOSTILE_STRINGS = [
  ...SCRIPT_PAYLOADS,
  "' OR '1'='1",
  "1; DROP TABLE \"User\"; --",
  "'); DELETE FROM \"AuditLog\"; --",
  "${jndi:ldap://127.0.0.1/a}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "\u202Egnp.exe",
  "\u200B\u200C\u200D\uFEFF",
  "\u0645\u0631\u062D\u0628\u0627",
  "Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o",
  "\uD83D\uDE00\uD83D\uDC69\u200D\uD83D\uDCBB",
  "\uFFFF\uFFFE",
  "__proto__",
  "constructor",
  " ",
  "null",
  "-1",
  "9".repeat(40),
];

/** Text with a character no Postgres text column stores. */
export const UNSTORABLE_STRINGS = ["a\u0000b", "\u0000", "lone \uD800 high", "lone \uDC00 low", "end\uDBFF"];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b) },
);

type JsonKind = "null" | "boolean" | "number" | "string" | "array" | "object";

export function jsonKindOf(value: unknown): JsonKind {
  const roundTripped: unknown = JSON.parse(JSON.stringify(value) ?? "null");
  if (roundTripped === null) return "null";
  if (Array.isArray(roundTripped)) return "array";
  return typeof roundTripped as JsonKind;
}

export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  hostileString,
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
);

/** A JSON value whose type differs from `original`'s. */
export function wrongTypeFor(original: unknown): fc.Arbitrary<unknown> {
  const kind = jsonKindOf(original);
  return anyJson.filter((value) => jsonKindOf(value) !== kind);
}

export const ABSURD_NUMBERS = [-1, -1e12, 1e15, 1e308, -1e308, 2 ** 53 + 1];

/** Longer than any text field the console accepts, but under the 64 KB body limit in UTF-8. */
export const overlongString: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_STRINGS.filter((text) => /^[\x20-\x7e]+$/.test(text))).map((seed) => seed.repeat(Math.ceil(30_000 / seed.length)).slice(0, 30_000));

export type Body = Record<string, unknown>;

/** How a valid body was spoiled, for the failure message and the expected error. */
export interface SpoiledBody {
  how: string;
  /** The field the error message should name, when it is about one field. */
  field?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

const NOT_JSON = ["NaN", "Infinity", "-Infinity", "{'a': 1}", '{"a":', '{"a": 1} trailing', "undefined", "\uFEFF{}", '{"a": 01}', "[1,]"];

/** Every way to spoil `valid`, each garbage by construction. */
export function spoiledBody(valid: Body, requiredFields: readonly string[]): fc.Arbitrary<SpoiledBody> {
  const fields = Object.keys(valid);
  const stringFields = fields.filter((field) => typeof valid[field] === "string");
  const numberFields = fields.filter((field) => typeof valid[field] === "number");
  const options: fc.Arbitrary<SpoiledBody>[] = [
    anyJson.filter((value) => jsonKindOf(value) !== "object").map((body) => ({ how: `a ${jsonKindOf(body)} instead of an object`, body })),
    fc.constantFrom(...NOT_JSON).map((rawBody) => ({ how: `not JSON: ${rawBody}`, rawBody })),
    fc.tuple(hostileString, anyJson).map(([name, value]) => ({ how: `an unknown field ${JSON.stringify(name)}`, body: { ...valid, [`x-${name}`]: value } })),
    fc.constantFrom(1_100_000, 80_000).map((size) => ({ how: `a ${size}-byte body`, body: { ...valid, filler: "x".repeat(size) } })),
  ];
  if (fields.length > 0) {
    options.push(
      fc.constantFrom(...fields).chain((field) => wrongTypeFor(valid[field]).map((value) => ({ how: `${field} as ${jsonKindOf(value)} ${JSON.stringify(value)?.slice(0, 60)}`, field, body: { ...valid, [field]: value } }))),
    );
  }
  if (requiredFields.length > 0) {
    options.push(fc.constantFrom(...requiredFields).map((field) => ({ how: `without ${field}`, field, body: Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field)) })));
  }
  if (stringFields.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...stringFields), overlongString).map(([field, text]) => ({ how: `${field} of ${text.length} characters`, field, body: { ...valid, [field]: text } })),
      fc.tuple(fc.constantFrom(...stringFields), fc.constantFrom(...UNSTORABLE_STRINGS)).map(([field, text]) => ({ how: `${field} with ${JSON.stringify(text)}`, field, body: { ...valid, [field]: `${String(valid[field])}${text}` } })),
    );
  }
  if (numberFields.length > 0) {
    options.push(fc.tuple(fc.constantFrom(...numberFields), fc.constantFrom(...ABSURD_NUMBERS)).map(([field, value]) => ({ how: `${field} = ${value}`, field, body: { ...valid, [field]: value } })));
  }
  return fc.oneof(...options);
}

/** A path id that is not one: hostile text, unicode, overlong (never only dots, which the URL would resolve away). */
export const hostileId: fc.Arbitrary<string> = fc
  .oneof(hostileString, fc.constantFrom("c".repeat(25), "0", "-1", "1e3", "x".repeat(2000), "a/b", "a\\b", "%", "?x=1", "#frag"), fc.constantFrom(...UNSTORABLE_STRINGS))
  .filter((id) => id.length > 0 && !/^\.+$/.test(id) && id.trim() === id && encodable(id));

/** URLs cannot carry a lone surrogate: encodeURIComponent throws on one. */
function encodable(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
