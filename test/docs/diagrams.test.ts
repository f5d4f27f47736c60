import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { conceptBlocks, readBlock, replaceBlock, toMermaid } from "../../scripts/diagrams.js";

const concepts = fileURLToPath(new URL("../../docs/concepts.md", import.meta.url));

describe("docs/concepts.md diagrams", () => {
  it.each(Object.entries(conceptBlocks()))("the %s diagram is generated from its transition table (node scripts/generate-docs.mjs)", (name, content) => {
    expect(readBlock(readFileSync(concepts, "utf8"), name)).toBe(content);
  });

  it("a Mermaid diagram declares each state once under a prefixed id, with its name quoted", () => {
    const text = toMermaid([{ from: "a-b", to: "c", label: "go: now" }], "a-b", ["c"]);
    expect(text.split("\n")).toEqual([
      "```mermaid",
      "stateDiagram-v2",
      '    state "a-b" as s_a_b',
      '    state "c" as s_c',
      "    [*] --> s_a_b",
      "    s_a_b --> s_c: go  now",
      "    s_c --> [*]",
      "```",
    ]);
  });

  it("replacing a block keeps the text around it, and missing markers are an error", () => {
    const doc = "x\n<!-- BEGIN GENERATED: d (scripts/generate-docs.mjs) -->\nold\n<!-- END GENERATED: d -->\ny";
    const next = replaceBlock(doc, "d", "new");
    expect(readBlock(next, "d")).toBe("new");
    expect(next.startsWith("x\n") && next.endsWith("\ny")).toBe(true);
    expect(() => replaceBlock("no markers", "d", "new")).toThrow(/missing markers/);
  });
});
