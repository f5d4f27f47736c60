import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { USAGE } from "../../src/cli/run.js";

// docs/rules.md ships with the package and is what the type documentation cites ("docs/rules.md
// §8"): every section cited anywhere in src/ must exist there as a heading, and every file the CLI
// points users at must be in the packed package.
const root = fileURLToPath(new URL("../../", import.meta.url));
const rules = readFileSync(join(root, "docs/rules.md"), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
const sources = sourceFiles(join(root, "src")).map((file) => ({ file: relative(root, file), text: readFileSync(file, "utf8") }));

/** The section numbers of the headings of docs/rules.md ("## 5. Requirements" → "5", "### 5.2 …" → "5.2"). */
const headings = new Set(
  rules
    .split("\n")
    .flatMap((line) => /^#{2,4} (\d+(?:\.\d+)*)\.? /.exec(line)?.slice(1, 2) ?? []),
);

describe("docs/rules.md", () => {
  it("has a heading for every § section cited in src/", () => {
    const cited = new Map<string, string>();
    for (const { file, text } of sources) {
      text.split("\n").forEach((line, i) => {
        for (const m of line.matchAll(/§(\d+(?:\.\d+)*)/g)) if (!cited.has(m[1]!)) cited.set(m[1]!, `${file}:${i + 1}`);
      });
    }
    expect(cited.size).toBeGreaterThan(15);
    const missing = [...cited].filter(([section]) => !headings.has(section)).map(([s, where]) => `§${s} (first cited at ${where})`);
    expect(missing).toEqual([]);
  });

  it("numbers its sections §1 to §13 in order, each once", () => {
    const top = rules.split("\n").flatMap((l) => /^## (\d+)\. /.exec(l)?.slice(1, 2) ?? []);
    expect(top).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
  });

  it("is what src/ cites: no citation of the unshipped DOMAIN.md or SCENARIOS.md is left", () => {
    const stale = sources.filter(({ text }) => /DOMAIN\.md|SCENARIOS\.md/.test(text)).map(({ file }) => file);
    expect(stale).toEqual([]);
    expect(sources.filter(({ text }) => text.includes("docs/rules.md §")).length).toBeGreaterThan(30);
  });
});

describe("the files the CLI points at", () => {
  const packed = new Set(
    (JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as { files: { path: string }[] }[])[0]!.files.map(
      (f) => f.path,
    ),
  );

  it("ships docs/ (but not the generated API reference) with the package", () => {
    expect(packed).toContain("docs/rules.md");
    expect(packed).toContain("docs/scenarios.md");
    expect([...packed].filter((p) => p.startsWith("docs/api/"))).toEqual([]);
  });

  it("are paths inside the installed package, and the package contains each of them", () => {
    const hinted = new Set<string>();
    for (const text of [USAGE, ...sources.filter(({ file }) => file.startsWith("src/cli/") || file.startsWith("src/scenario/")).map((s) => s.text)]) {
      for (const m of text.matchAll(/node_modules\/academic-credit\/([\w./-]*\w)/g)) hinted.add(m[1]!);
    }
    expect([...hinted].sort()).toEqual(expect.arrayContaining(["docs/rules.md", "docs/scenarios.md", "schemas/scenario.schema.json"]));
    expect([...hinted].filter((p) => !packed.has(p))).toEqual([]);
  });

  it("--help names no documentation outside the installed package", () => {
    const docLike = [...USAGE.matchAll(/[\w./-]+\.(?:md|json)\b/g)].map((m) => m[0]);
    expect(docLike.length).toBeGreaterThan(0);
    expect(docLike.filter((p) => !p.startsWith("node_modules/academic-credit/"))).toEqual([]);
  });
});

describe("package.json", () => {
  it("names the repository, its home page and where to report bugs", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.repository).toEqual({ type: "git", url: "git+https://github.com/academic-credit/academic-credit.git" });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/academic-credit\/academic-credit/);
    expect(pkg.bugs).toEqual({ url: "https://github.com/academic-credit/academic-credit/issues" });
  });
});
