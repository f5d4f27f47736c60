import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

const doc = readFileSync(fileURLToPath(new URL("../../docs/migrating-from-open-edx.md", import.meta.url)), "utf8");
const entry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));

/** The TypeScript blocks of the guide, with the package import pointed at the sources. */
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").replaceAll('from "academic-credit"', `from ${JSON.stringify(entry)}`));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("docs/migrating-from-open-edx.md", () => {
  it("§5.2 the requireScore example runs and prints what its comments say (edx preset: the review is enough)", async () => {
    expect(doc).not.toMatch(/use `0` to do the same/);
    const [block] = blocks;
    if (block === undefined) throw new Error("no ts block");
    const dir = mkdtempSync(join(tmpdir(), "migrating-doc-"));
    const file = join(dir, "example.ts");
    writeFileSync(file, block);
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    await import(/* @vite-ignore */ file);
    const promised = [...block.matchAll(/^\/\/ (\S+ \S+) {2,}\(/gm)].map((m) => m[1]);
    expect(lines).toEqual(["false satisfied", "true submitted"]);
    expect(promised).toEqual(lines);
  });
});
