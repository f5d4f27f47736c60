/**
 * A JSON encoding that PostgreSQL `jsonb` keeps exactly: `Date`s, `undefined`, `-0`, non-finite
 * numbers and bigints are tagged objects, and the values `jsonb` refuses or alters (strings with
 * U+0000 or a lone surrogate, keys that could be read as a tag) are escaped.
 *
 * Tags are one-key objects whose key starts with `$`; a plain object with any `$`-key is written
 * as `{ "$entries": [[key, value], …] }`, so no stored object is ever mistaken for a tag.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// U+0000, or a surrogate that is not half of a pair.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function encodeString(s: string): Json {
  if (!UNSAFE.test(s)) return s;
  const units: number[] = [];
  for (let i = 0; i < s.length; i++) units.push(s.charCodeAt(i));
  return { $units: units };
}

function encodeNumber(n: number): Json {
  if (Object.is(n, -0)) return { $number: "-0" };
  if (Number.isFinite(n)) return n;
  return { $number: String(n) };
}

/**
 * Internal: encodes any plain value (objects, arrays, `Date`s, primitives) as JSON data that
 * round-trips exactly through `jsonb` and {@link decodeValue}. Functions and symbols are dropped
 * from objects and become `undefined` elsewhere, as `JSON.stringify` would drop them.
 */
export function encodeValue(value: unknown): Json {
  const kind = typeof value;
  switch (kind) {
    case "string":
      return encodeString(value as string);
    case "number":
      return encodeNumber(value as number);
    case "boolean":
      return value as boolean;
    case "bigint":
      return { $bigint: (value as bigint).toString() };
    case "undefined":
    case "function":
    case "symbol":
      return { $undefined: true };
    case "object": {
      if (value === null || typeof value !== "object") return null;
      if (value instanceof Date) {
        const t = value.getTime();
        return { $date: Number.isNaN(t) ? null : value.toISOString() };
      }
      if (Array.isArray(value)) return value.map(encodeValue);
      const entries = Object.entries(value).filter(([, v]) => typeof v !== "function" && typeof v !== "symbol");
      if (entries.some(([k]) => k.startsWith("$") || UNSAFE.test(k))) {
        return { $entries: entries.map(([k, v]) => [encodeString(k), encodeValue(v)]) };
      }
      const out: { [key: string]: Json } = {};
      for (const [k, v] of entries) define(out, k, encodeValue(v));
      return out;
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function decodeKey(data: unknown): string {
  return typeof data === "string" ? data : (decodeValue(data) as string);
}

/**
 * Internal: the inverse of {@link encodeValue}. Data that was not written by it decodes as the
 * plain JSON it is.
 */
export function decodeValue(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(decodeValue);
  if (data === null || typeof data !== "object") return data;
  const entries = Object.entries(data);
  if (entries.length === 1) {
    const [tag, v] = entries[0] as [string, unknown];
    switch (tag) {
      case "$date":
        return typeof v === "string" ? new Date(v) : new Date(Number.NaN);
      case "$undefined":
        return undefined;
      case "$number":
        return v === "-0" ? -0 : Number(v);
      case "$bigint":
        return BigInt(v as string);
      case "$units": {
        const units = v as number[];
        let s = "";
        for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
        return s;
      }
      case "$entries": {
        const out: Record<string, unknown> = {};
        for (const [k, value] of v as [unknown, unknown][]) define(out, decodeKey(k), decodeValue(value));
        return out;
      }
      default:
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) define(out, k, decodeValue(v));
  return out;
}

/**
 * Internal: `encodeValue` as JSON text, for a `$n::text::jsonb` parameter.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(encodeValue(value));
}

/**
 * Internal: reads a `jsonb` column selected as text (or already parsed by the driver).
 */
export function fromJsonText(text: unknown): unknown {
  return decodeValue(typeof text === "string" ? (JSON.parse(text) as unknown) : text);
}

// A backslash, U+0000 (which PostgreSQL text refuses) or a lone surrogate (which UTF-8 cannot carry).
const TEXT_UNSAFE = /[\\\u0000]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Internal: a string as stored in a text column, exactly recoverable by {@link fromText}. Only
 * `\`, U+0000 and lone surrogates are escaped (`\\`, `\0`, `\uXXXX`); every other id is stored as is.
 */
export function toText(value: string): string {
  return value.replace(TEXT_UNSAFE, (c) => (c === "\\" ? "\\\\" : c === "\u0000" ? "\\0" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/** Internal: the inverse of {@link toText}. */
export function fromText(stored: string): string {
  if (!stored.includes("\\")) return stored;
  return stored.replace(/\\(\\|0|u[0-9a-f]{4})/g, (_, e: string) => (e === "\\" ? "\\" : e === "0" ? "\u0000" : String.fromCharCode(Number.parseInt(e.slice(1), 16))));
}
