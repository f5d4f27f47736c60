import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const doc = readFileSync(fileURLToPath(new URL("../../docs/http.md", import.meta.url)), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = fileURLToPath(new URL("./.doc-blocks/", import.meta.url));
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/http.md code blocks", () => {
  it("has the setup, form and four mounting blocks", () => {
    expect(blocks).toHaveLength(6);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))("block %i runs against the public entry points", async (i, code) => {
    const file = `${dir}block-${i}.ts`;
    writeFileSync(file, `${code}\nexport {};\n`);
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logged.push(a));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      spy.mockRestore();
    }
    expect(logged.length).toBeGreaterThan(0);
    const text = JSON.stringify(logged);
    expect(text).not.toContain("route-not-found");
    if (i === 1) expect(logged[0]?.[0]).toBe(200);
  });
});
