import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

const DRIVER = /^\s*(import|export)\b([^;]*?)\bfrom\s+["'](pg|@electric-sql\/pglite)(\/[^"']*)?["']|\b(import|require)\s*\(\s*["'](pg|@electric-sql\/pglite)/gm;

describe("optional peers pg and @electric-sql/pglite", () => {
  it("no source file imports a driver at runtime: only `import type`, and only in src/postgres", () => {
    const offending: string[] = [];
    for (const file of sources(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(DRIVER)) {
        const statement = m[0].trim();
        const typeOnly = /^(import|export)\s+type\b/.test(statement);
        const inPostgres = file.includes(`${join("src", "postgres")}`);
        if (!(typeOnly && inPostgres)) offending.push(`${file.replace(src, "src/")}: ${statement}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the check sees a runtime import when there is one", () => {
    expect('import pg from "pg";'.match(DRIVER)).not.toBeNull();
    expect('import { PGlite } from "@electric-sql/pglite";'.match(DRIVER)).not.toBeNull();
    expect('const m = await import("pg");'.match(DRIVER)).not.toBeNull();
  });
});
