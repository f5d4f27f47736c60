/**
 * A tiny document model shared by the plain-text and the HTML renderers, so both always say the
 * same thing and every value is escaped by construction.
 *
 * Template wording is written as tagged template literals ({@link line}); every interpolated slot
 * is a value (from users or providers) and is never trusted:
 *
 * - in HTML, characters `& < > " '` become character references and each value is wrapped in
 *   `<bdi>`, so a right-to-left name cannot reorder the surrounding template words;
 * - in every output (subject, text, HTML), the explicit bidirectional formatting characters of a
 *   value (U+202A–U+202E, U+2066–U+2069) are balanced: a terminator without its opener is dropped
 *   and every embedding, override or isolate still open at the end of the value is closed there, so
 *   nothing a value contains can reverse text after it. In HTML those characters are then written as
 *   numeric character references (`&#x202E;`), so the markup holds no invisible control;
 * - a URL becomes a link only when it parses as `http:` or `https:`; anything else is shown as text;
 * - subjects lose every control character (CR, LF, …) so they cannot inject mail headers.
 *
 * @internal
 * @module
 */

import { listParts } from "./format.js";

/** One piece of a line: template wording, a value, a list of values or a URL. */
type Inline =
  | { readonly kind: "wording"; readonly text: string }
  | { readonly kind: "value"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "url"; readonly url: string };

/** A line of an email: a paragraph of the body, or the subject. */
export type Line = readonly Inline[];

/** What can be interpolated into a {@link line}. */
export type Slot = string | readonly string[] | UrlSlot;

/** A URL slot, made with {@link url}. */
export interface UrlSlot {
  readonly kind: "url";
  readonly url: string;
}

/**
 * Marks a value as a URL: linked in HTML when it is `http(s)`, shown as text otherwise.
 *
 * @param value - the URL as received.
 * @returns a slot for {@link line}.
 */
export function url(value: string): UrlSlot {
  return { kind: "url", url: value };
}

function toInline(slot: Slot): Inline {
  if (typeof slot === "string") return { kind: "value", text: slot };
  if (isUrlSlot(slot)) return slot;
  return { kind: "list", items: slot };
}

function isUrlSlot(slot: readonly string[] | UrlSlot): slot is UrlSlot {
  return !Array.isArray(slot);
}

/**
 * Tagged template building a {@link Line}: literal parts are template wording, slots are values.
 *
 * @param wording - the literal parts.
 * @param slots - the values.
 * @returns the line.
 */
export function line(wording: TemplateStringsArray, ...slots: readonly Slot[]): Line {
  const parts: Inline[] = [];
  wording.forEach((text, index) => {
    if (text !== "") parts.push({ kind: "wording", text });
    const slot = slots[index];
    if (slot !== undefined) parts.push(toInline(slot));
  });
  return parts;
}

const OPENS_EMBEDDING = new Set(["\u202A", "\u202B", "\u202D", "\u202E"]);
const OPENS_ISOLATE = new Set(["\u2066", "\u2067", "\u2068"]);
const POP_EMBEDDING = "\u202C";
const POP_ISOLATE = "\u2069";

/**
 * Balances the explicit bidirectional formatting characters of a value so that none of them acts
 * beyond it: unmatched terminators are dropped, and whatever is still open at the end is closed.
 *
 * @param value - any string.
 * @returns the string with balanced embeddings, overrides and isolates.
 */
export function balanceBidi(value: string): string {
  const open: ("embedding" | "isolate")[] = [];
  let out = "";
  for (const ch of value) {
    if (OPENS_EMBEDDING.has(ch)) {
      open.push("embedding");
    } else if (OPENS_ISOLATE.has(ch)) {
      open.push("isolate");
    } else if (ch === POP_EMBEDDING) {
      if (open.at(-1) !== "embedding") continue;
      open.pop();
    } else if (ch === POP_ISOLATE) {
      const isolate = open.lastIndexOf("isolate");
      if (isolate < 0) continue;
      open.length = isolate;
    }
    out += ch;
  }
  for (let i = open.length - 1; i >= 0; i -= 1) {
    out += open[i] === "isolate" ? POP_ISOLATE : POP_EMBEDDING;
  }
  return out;
}

const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/**
 * Makes a string safe for a single-line header: every run of control characters (CR, LF, tab, …)
 * and line/paragraph separators becomes one space.
 *
 * @param value - any string.
 * @returns the string without control characters.
 */
export function stripControls(value: string): string {
  return value.replace(CONTROL, " ");
}

const LINE_BREAK = /\r\n|[\r\n]/g;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and double-quoted attribute values: `& < > " '` become
 * character references, and bidirectional formatting characters become numeric references.
 *
 * @param value - any string.
 * @returns the escaped text.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'\u202A-\u202E\u2066-\u2069]/g, (ch) => {
    return HTML_ESCAPES[ch] ?? `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`;
  });
}

/**
 * The normalized form of a URL when it is absolute `http:` or `https:`; `undefined` otherwise
 * (`javascript:`, `data:`, relative or unparsable).
 *
 * @param value - the URL as received.
 * @returns the normalized URL, or `undefined`.
 */
export function toHttpUrl(value: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return undefined;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
}

/** A value in plain text: as written, bidi balanced, line breaks as `\n`. */
function textValue(text: string): string {
  return balanceBidi(text).replace(LINE_BREAK, "\n");
}

/**
 * Renders a line as plain text: values as written (bidi balanced), no markup.
 *
 * @param parts - the line.
 * @returns the text.
 */
export function toText(parts: Line): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case "wording":
          return part.text;
        case "value":
          return textValue(part.text);
        case "list":
          return listParts(part.items.map(textValue)).join("");
        case "url":
          return textValue(toHttpUrl(part.url) ?? part.url);
        default:
          return unreachable(part);
      }
    })
    .join("");
}

/**
 * Renders a line as a subject: plain text on one line, without control characters.
 *
 * @param parts - the line.
 * @returns the subject.
 */
export function toSubject(parts: Line): string {
  const clean = (text: string): string => balanceBidi(stripControls(text));
  const text = parts
    .map((part) => {
      switch (part.kind) {
        case "wording":
          return part.text;
        case "value":
          return clean(part.text);
        case "list":
          return listParts(part.items.map(clean)).join("");
        case "url":
          return clean(toHttpUrl(part.url) ?? part.url);
        default:
          return unreachable(part);
      }
    })
    .join("");
  return text.replace(/ {2,}/g, " ").trim();
}

/** A value in HTML element content: escaped, isolated, line breaks kept. */
function htmlValue(text: string): string {
  return `<bdi>${escapeHtml(balanceBidi(text)).replace(LINE_BREAK, "<br>")}</bdi>`;
}

/**
 * Renders a line as HTML element content.
 *
 * @param parts - the line.
 * @returns the HTML fragment.
 */
export function toHtml(parts: Line): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case "wording":
          return escapeHtml(part.text);
        case "value":
          return htmlValue(part.text);
        case "list":
          return listParts(part.items)
            .map((piece, i) => (i % 2 === 0 ? htmlValue(piece) : escapeHtml(piece)))
            .join("");
        case "url": {
          const href = toHttpUrl(part.url);
          if (href === undefined) return htmlValue(part.url);
          const escaped = escapeHtml(balanceBidi(href));
          return `<a href="${escaped}">${escaped}</a>`;
        }
        default:
          return unreachable(part);
      }
    })
    .join("");
}

function unreachable(value: never): never {
  throw new Error(`Unexpected line part: ${JSON.stringify(value)}`);
}
