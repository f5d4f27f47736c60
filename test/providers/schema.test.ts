import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseProvider, parseProviders, type ProviderInput } from "../../src/providers/index.js";

const asu: ProviderInput = {
  id: "asu",
  displayName: "Arizona State University",
  url: "https://credit.example.edu/request",
  statusUrl: "https://credit.example.edu/status",
  integration: "signed-request",
  completionSteps: true,
};

const hogwarts: ProviderInput = {
  id: "hogwarts",
  displayName: "Hogwarts Extension School",
  active: false,
  description: "Wizarding credit",
  url: "http://hogwarts.example.org/credit",
  statusUrl: "http://hogwarts.example.org/credit/status",
  fulfillmentInstructions: "Send an owl.",
  thumbnailUrl: "https://hogwarts.example.org/logo.png",
  integration: "link",
  completionSteps: false,
};

function issuesOf(r: ReturnType<typeof parseProvider> | ReturnType<typeof parseProviders>) {
  if (r.ok) throw new Error("expected a refusal");
  expect(r.error.code).toBe("invalid-input");
  return r.error.issues ?? [];
}

describe("§7 provider model", () => {
  it("§7 active defaults to true and optional fields stay absent", () => {
    expect(parseProvider(asu)).toEqual({ ok: true, value: { ...asu, active: true } });
    const r = parseProvider(asu);
    if (r.ok) expect(Object.keys(r.value)).not.toContain("description");
  });

  it("§7 keeps every field of a complete provider", () => {
    expect(parseProvider(hogwarts)).toEqual({ ok: true, value: hogwarts });
  });

  it("§7 the id is anchored: a comma or space anywhere is refused (Open edX's unanchored regex lets it through)", () => {
    for (const id of ["asu,evil", "asu ", " asu", "as_u", "asu\n", "", "ä"]) {
      expect(issuesOf(parseProvider({ ...asu, id }))).toEqual([{ path: ["id"], message: expect.any(String) }]);
    }
    expect(parseProvider({ ...asu, id: "ASU-2-online" }).ok).toBe(true);
  });

  it("§7 url, statusUrl and thumbnailUrl must be absolute http(s) URLs", () => {
    for (const bad of ["/relative", "ftp://example.org/x", "javascript:alert(1)", "http:example.org", "https://", "example.org", ""]) {
      const r = parseProvider({ ...asu, url: bad, statusUrl: bad, thumbnailUrl: bad });
      expect(issuesOf(r).map((i) => i.path)).toEqual([["url"], ["statusUrl"], ["thumbnailUrl"]]);
    }
  });

  it("§7 unknown fields are refused (shared secrets never live in provider data)", () => {
    expect(issuesOf(parseProvider({ ...asu, sharedSecret: "s3cret" }))).toHaveLength(1);
  });

  it("§7 names the path of every problem", () => {
    const r = parseProvider({ id: "asu", displayName: "", url: "x", integration: "email", completionSteps: "yes" });
    expect(issuesOf(r).map((i) => i.path)).toEqual([["displayName"], ["url"], ["statusUrl"], ["integration"], ["completionSteps"]]);
  });

  it("§7 refuses what is not an object", () => {
    for (const input of [null, undefined, 3, "asu", [asu]]) expect(issuesOf(parseProvider(input))).toHaveLength(1);
  });
});

describe("§7 provider lists", () => {
  it("§7 parses a list in order, applying defaults", () => {
    expect(parseProviders([asu, hogwarts])).toEqual({ ok: true, value: [{ ...asu, active: true }, hogwarts] });
    expect(parseProviders([])).toEqual({ ok: true, value: [] });
  });

  it("§7 refuses a duplicate id at its JSON path", () => {
    const r = parseProviders([asu, hogwarts, { ...hogwarts, displayName: "Again" }]);
    expect(issuesOf(r)).toEqual([{ path: [2, "id"], message: 'duplicate provider id "hogwarts"' }]);
  });

  it("§7 ids are case-sensitive, as in Open edX", () => {
    expect(parseProviders([asu, { ...asu, id: "ASU" }]).ok).toBe(true);
  });

  it("§7 names the index of an invalid provider in the path", () => {
    expect(issuesOf(parseProviders([asu, { ...asu, id: "a b" }])).map((i) => i.path)).toEqual([[1, "id"]]);
  });

  it("never throws and answers a typed result for any input", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        for (const r of [parseProvider(input), parseProviders(input)]) {
          expect(r.ok || r.error.code === "invalid-input").toBe(true);
        }
      }),
    );
  });
});
