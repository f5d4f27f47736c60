import { readFileSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("docs/retirement.md", () => {
  it("its TypeScript block runs against the public entry points", async () => {
    const text = readFileSync(new URL("../../docs/retirement.md", import.meta.url), "utf8");
    const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), "retirement-doc-"));
    const file = join(dir, "block.ts");
    writeFileSync(file, `${blocks[0]}\nexport {};\n`);
    const logs: unknown[][] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logs.push(args);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      console.log = log;
    }
    expect(logs).toEqual([[new Date("2026-07-02T12:00:00Z"), 0, 0]]);
  });
});
