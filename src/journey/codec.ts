import type { JourneyEvent } from "./record.js";

const DATE_KEYS: ReadonlySet<string> = new Set(["at", "until", "deadline", "issuedAt", "startedAt", "paidAt", "decidedAt"]);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Encodes a journey event as JSON-safe data (instants as ISO strings), for stores that keep JSON.
 *
 * @param event - the event.
 * @returns a plain JSON value.
 * @example
 * ```ts
 * import { encodeJourneyEvent } from "academic-credit";
 * encodeJourneyEvent({ type: "enrolled", mode: "verified", at: new Date("2026-01-10T09:00:00Z") });
 * // { type: "enrolled", mode: "verified", at: "2026-01-10T09:00:00.000Z" }
 * ```
 */
export function encodeJourneyEvent(event: JourneyEvent): unknown {
  return JSON.parse(JSON.stringify(event)) as unknown;
}

function revive(value: unknown, key: string | undefined): unknown {
  if (typeof value === "string") return key !== undefined && DATE_KEYS.has(key) && ISO.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map((v) => revive(v, undefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v, k);
    return out;
  }
  return value;
}

/**
 * Decodes an event written by {@link encodeJourneyEvent} (instants back to `Date`). Stored data is
 * trusted: it was written by the library.
 *
 * @param data - the stored JSON value.
 * @returns the event.
 * @example
 * ```ts
 * import { decodeJourneyEvent } from "academic-credit";
 * decodeJourneyEvent({ type: "enrolled", mode: "verified", at: "2026-01-10T09:00:00.000Z" });
 * ```
 */
export function decodeJourneyEvent(data: unknown): JourneyEvent {
  return revive(data, undefined) as JourneyEvent;
}
