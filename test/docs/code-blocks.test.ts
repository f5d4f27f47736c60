import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { parsePolicy, parseProvider, parseProviders } from "academic-credit";
import { parseScenario } from "academic-credit/scenarios";
import { runCli } from "../../src/cli/run.js";

// Every fenced code block of README.md and of every docs/**/*.md (found by glob, so pages added
// later are covered too) is checked here, and a failure names the file and line of its block:
//
// - `ts`: typechecked with the project's tsconfig (the public entry points map to src/), then run:
//   each block is written to test/docs/.blocks/ and imported, so vitest transpiles it and applies
//   the aliases of vitest.config.ts. A block that imports vitest is a test file and its tests join
//   this file's. After a block ran, exported objects with a `close()` method (servers) are closed
//   and exported functions named `stop…` are called. Each runs in a fresh working folder holding
//   journey.json (the first example scenario), which the scenario guide's code reads. `ts no-run` (a block that needs a real
//   server; the page says so next to it) is typechecked only.
// - `json`: parsed, and a scenario, a policy or a provider is checked with the library's parser.
// - `sh`: every `npm run X` names a script, `npm install` names known packages, files given to
//   `node`/`bash`/`vitest` exist, `npx academic-credit …` runs through the real CLI (exit 0), and
//   an `openssl` pipeline prints a digest that the page shows.
// - `text`, `sql`, `mermaid`: shown as they are. Any other language (or none) fails, so a new kind of
//   block gets a check instead of slipping through.

process.env["PORT"] = "0"; // the server sketches listen on process.env.PORT

const root = fileURLToPath(new URL("../../", import.meta.url));
const blocksDir = join(root, "test/docs/.blocks");

interface Block {
  readonly file: string; // relative to the repository root
  readonly line: number; // 1-based line of the opening fence
  readonly lang: string;
  readonly flags: readonly string[];
  readonly code: string;
}

const where = (b: Block): string => `${b.file}:${b.line}`;
const examples = join(root, "examples/scenarios");
const firstExample = join(examples, readdirSync(examples).filter((f) => f.endsWith(".json")).sort()[0]!);

function markdownFiles(): string[] {
  const docs = (readdirSync(join(root, "docs"), { recursive: true }) as string[])
    .filter((p) => p.endsWith(".md") && !p.split(/[\\/]/).includes("api"))
    .map((p) => join("docs", p));
  return ["README.md", ...docs.sort()];
}

/** Fenced blocks (``` or ~~~, possibly indented under a list item) with their info string. */
function extractBlocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ *(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    const [lang = "", ...flags] = info.trim().split(/\s+/).filter((w) => w !== "");
    blocks.push({ file, line: i + 1, lang, flags, code: `${body.join("\n")}\n` });
    i = j;
  }
  return blocks;
}

const blocks = markdownFiles().flatMap((file) => extractBlocks(file, readFileSync(join(root, file), "utf8")));
const LANG: Record<string, "ts" | "json" | "sh" | "shown"> = {
  ts: "ts", typescript: "ts", json: "json", sh: "sh", bash: "sh", shell: "sh", text: "shown", sql: "shown", mermaid: "shown",
};
const byKind = (kind: string) => blocks.filter((b) => LANG[b.lang] === kind);

// ---------------------------------------------------------------------------------------------
// TypeScript: write every block out once, typecheck them together, run each.

rmSync(blocksDir, { recursive: true, force: true });
mkdirSync(blocksDir, { recursive: true });
const tsBlocks = byKind("ts").map((b) => {
  const path = join(blocksDir, `${b.file.replace(/[^\w]+/g, "_")}_L${b.line}.ts`);
  writeFileSync(path, b.code);
  return { block: b, path };
});
afterAll(() => rmSync(blocksDir, { recursive: true, force: true }));

function typecheck(): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(tsBlocks.map((t) => t.path), { ...options, noEmit: true });
  const problems = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const entry = tsBlocks.find((t) => d.file !== undefined && t.path === d.file.fileName);
    const key = entry === undefined ? "(project)" : entry.path;
    const at = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = entry !== undefined && at !== undefined ? `${entry.block.file}:${entry.block.line + at.line + 1}` : (d.file?.fileName ?? "");
    const list = problems.get(key) ?? [];
    list.push(`${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    problems.set(key, list);
  }
  return problems;
}

/** A block that registers tests: it imports vitest, or runs a contract suite of academic-credit/testing. */
const isTestBlock = (b: Block): boolean => /from\s+"vitest"/.test(b.code) || /\b\w+Contract\(/.test(b.code);

async function cleanUp(module: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === "function" && name.startsWith("stop")) await (value as () => unknown)();
    else if (value !== null && typeof value === "object" && typeof (value as { close?: unknown }).close === "function") {
      const server = value as Server;
      if (server.listening === false) continue;
      await new Promise<void>((resolve) => {
        (value as { close: (cb?: () => void) => void }).close(() => resolve());
        server.closeAllConnections?.();
      });
    }
  }
}

const exercised = new Set<string>();

/** Extra checks for particular blocks, run after the block's module was imported and before clean-up. */
const extraChecks: { readonly applies: (b: Block, module: Record<string, unknown>) => boolean; readonly check: (module: Record<string, unknown>) => Promise<void> }[] = [
  {
    // docs/integration.md's server sketch: one malformed request must not take it down.
    applies: (b, m) => b.file === "docs/integration.md" && typeof (m["server"] as { address?: unknown } | undefined)?.address === "function",
    check: async (m) => {
      const server = m["server"] as Server;
      if (!server.listening) await once(server, "listening");
      const address = server.address() as AddressInfo;
      expect(address.address).toBe("127.0.0.1");
      const base = `http://127.0.0.1:${address.port}`;
      for (const path of ["/credit/providers/%E0%A4%A/callback", "/credit/courses/%E0%A4%A", "/credit/courses/%/checkout"]) {
        const post = !path.endsWith("/courses/%E0%A4%A");
        const response = await fetch(`${base}${path}`, { method: post ? "POST" : "GET", body: post ? "{}" : null, headers: { cookie: "session=demo-session" } });
        expect(response.status, path).toBe(400);
        expect(response.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
        const problem = (await response.json()) as { status?: unknown; title?: unknown };
        expect(problem.status, path).toBe(response.status);
        expect(typeof problem.title, path).toBe("string");
      }
      // Still up: an unsigned callback for a real route is refused as a value, not a crash.
      const after = await fetch(`${base}/credit/providers/asu/callback`, { method: "POST", body: JSON.stringify({ status: "approved" }) });
      expect(after.status).toBe(400);
      expect(((await after.json()) as { code?: unknown }).code).toBe("invalid-callback");
      // The callback route needs no learner session; the learner routes do.
      const anonymous = await fetch(`${base}/credit/dashboard`);
      expect(anonymous.status).toBe(401);
    },
  },
];

describe("TypeScript blocks", () => {
  let problems: Map<string, string[]> | undefined;
  const problemsOf = (path: string): string[] => {
    problems ??= typecheck();
    return problems.get(path) ?? [];
  };

  it("there are TypeScript blocks to check, and every one of them is a module", () => {
    expect(tsBlocks.length).toBeGreaterThan(10);
    const scripts = tsBlocks.filter((t) => !/^\s*(import|export)\b/m.test(t.block.code)).map((t) => `${where(t.block)}: not self-contained (no import)`);
    expect(scripts).toEqual([]);
  });

  it("typecheck as a whole: nothing outside the blocks is reported", { timeout: 120_000 }, () => {
    expect(problemsOf("(project)")).toEqual([]);
  });

  for (const { block, path } of tsBlocks) {
    const label = where(block);
    const isTestFile = isTestBlock(block);
    const runs = !block.flags.includes("no-run");
    describe(label, () => {
      it("typechecks", { timeout: 120_000 }, () => {
        expect(problemsOf(path), label).toEqual([]);
      });
      if (runs && !isTestFile) {
        it("runs", { timeout: 60_000 }, async () => {
          let module: Record<string, unknown> = {};
          // Each block runs in a fresh working folder that holds journey.json (the first example scenario).
          const cwd = process.cwd();
          const scratch = mkdtempSync(join(tmpdir(), "academic-credit-docs-ts-"));
          copyFileSync(firstExample, join(scratch, "journey.json"));
          process.chdir(scratch);
          try {
            module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Record<string, unknown>;
            for (const extra of extraChecks) {
              if (!extra.applies(block, module)) continue;
              await extra.check(module);
              exercised.add(block.file);
            }
          } catch (error) {
            throw new Error(`${label}: the block failed when run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { cause: error });
          } finally {
            await cleanUp(module);
            process.chdir(cwd);
            rmSync(scratch, { recursive: true, force: true });
          }
        });
      }
    });
  }
});

describe("docs/integration.md's HTTP server", () => {
  it("ran as a real server on 127.0.0.1 and survived malformed requests (checked above, after its block ran)", () => {
    expect(exercised).toContain("docs/integration.md");
  });
});

// Blocks that are test files register their tests while this file is collected.
for (const { block, path } of tsBlocks.filter((t) => isTestBlock(t.block) && !t.block.flags.includes("no-run"))) {
  describe(`${where(block)} (a test file)`, async () => {
    let failure: unknown;
    try {
      await import(/* @vite-ignore */ pathToFileURL(path).href);
    } catch (error) {
      failure = error;
    }
    it("loads", () => {
      if (failure !== undefined) throw new Error(`${where(block)}: the block failed when loaded: ${failure instanceof Error ? failure.message : String(failure)}`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// JSON

describe("JSON blocks", () => {
  it.each(byKind("json").map((b) => [where(b), b] as const))("%s parses, and the library accepts what it recognises", (label, b) => {
    let value: unknown;
    try {
      value = JSON.parse(b.code);
    } catch (error) {
      throw new Error(`${label}: not valid JSON: ${String(error)}`);
    }
    const o = value as Record<string, unknown>;
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    const isProvider = (v: unknown) => v !== null && typeof v === "object" && "integration" in v && "statusUrl" in v;
    let verdict: { ok: boolean; error?: { message: string } } = { ok: true };
    if (isObject && "steps" in o && "policy" in o) verdict = parseScenario(value);
    else if (isObject && "courseId" in o && "requirements" in o) verdict = parsePolicy(value);
    else if (isProvider(value)) verdict = parseProvider(value);
    else if (Array.isArray(value) && value.length > 0 && value.every(isProvider)) verdict = parseProviders(value);
    expect(verdict.ok ? "accepted" : `${label}: ${verdict.error?.message}`).toBe("accepted");
  });
});

// ---------------------------------------------------------------------------------------------
// Shell

/** Words of a shell line, quotes removed; `#` outside quotes starts a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      word = (word ?? "") + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) {
      break;
    } else if ("|&;".includes(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
      const op = line[i + 1] === c ? c + c : c;
      out.push(op);
      i += op.length - 1;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** Commands of a block: continuation lines joined, split at `&&`, `||`, `;`; pipelines kept whole. */
function commands(code: string): { readonly line: number; readonly pipeline: string[][]; readonly text: string }[] {
  const out: { line: number; pipeline: string[][]; text: string }[] = [];
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!;
    while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!}`;
    let pipeline: string[][] = [[]];
    for (const w of words(text)) {
      if (w === "&&" || w === "||" || w === ";") {
        if (pipeline.some((c) => c.length > 0)) out.push({ line: start, pipeline, text });
        pipeline = [[]];
      } else if (w === "|") pipeline.push([]);
      else pipeline[pipeline.length - 1]!.push(w);
    }
    if (pipeline.some((c) => c.length > 0)) out.push({ line: start, pipeline, text });
  }
  return out;
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const knownPackages = new Set([pkg.name, ...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies })]);

async function checkCommand(argv: string[]): Promise<string | undefined> {
  const args = [...argv];
  while (args[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(args[0])) args.shift(); // VAR=value prefixes
  const [cmd, ...rest] = args;
  const exists = (p: string) => (existsSync(join(root, p)) ? undefined : `${p} does not exist`);
  switch (cmd) {
    case "npm": {
      const [sub, ...more] = rest;
      if (sub === "run") return more[0] !== undefined && more[0] in pkg.scripts ? undefined : `npm run ${more[0] ?? ""}: no such script in package.json`;
      if (sub === "test" || sub === "start") return sub in pkg.scripts ? undefined : `npm ${sub}: no such script`;
      if (sub === "ci") return existsSync(join(root, "package-lock.json")) ? undefined : "npm ci: no package-lock.json";
      if (sub === "install" || sub === "i") {
        const unknown = more.filter((p) => !p.startsWith("-") && !knownPackages.has(p.replace(/(.)@.*$/, "$1")));
        return unknown.length === 0 ? undefined : `npm install: ${unknown.join(", ")} is neither this package nor one of its dependencies`;
      }
      return `npm ${sub ?? ""}: the docs test does not know this command`;
    }
    case "npx": {
      const [tool, ...more] = rest;
      if (tool === "vitest") return more.filter((a) => !a.startsWith("-") && a !== "run").map(exists).find((e) => e !== undefined);
      if (tool !== pkg.name) return `npx ${tool ?? ""}: the docs test does not know this command`;
      // Run the real CLI in a folder holding the files the command names.
      const cwd = mkdtempSync(join(tmpdir(), "academic-credit-docs-sh-"));
      try {
        for (const a of more) {
          if (a.startsWith("-")) continue;
          if (a.endsWith("/")) {
            mkdirSync(join(cwd, a), { recursive: true });
            copyFileSync(firstExample, join(cwd, a, "journey.json"));
          } else if (a.endsWith(".json")) {
            mkdirSync(dirname(join(cwd, a)), { recursive: true });
            copyFileSync(firstExample, join(cwd, a));
          }
        }
        let err = "";
        const code = await runCli(more, { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) }, cwd, env: {} });
        return code === 0 ? undefined : `npx ${more.join(" ")} exited ${code}: ${err.trim()}`;
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }
    case "node":
    case "bash": {
      const script = rest.find((a) => !a.startsWith("-"));
      return script === undefined ? `${cmd}: no script named` : exists(script);
    }
    case "printf":
    case "openssl":
      return undefined; // pipelines are run as a whole below
    default:
      return `${cmd ?? "(empty)"}: the docs test does not know this command`;
  }
}

describe("shell blocks", () => {
  it.each(byKind("sh").map((b) => [where(b), b] as const))("%s: every command names what exists, and runs where it can", async (_, b) => {
    const page = readFileSync(join(root, b.file), "utf8");
    const list = commands(b.code);
    expect(list.length, where(b)).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { line, pipeline, text } of list) {
      const at = `${b.file}:${b.line + line + 1}`;
      for (const argv of pipeline) {
        const problem = await checkCommand(argv);
        if (problem !== undefined) failures.push(`${at}: ${problem}`);
      }
      if (pipeline.some((argv) => argv[0] === "openssl")) {
        const r = spawnSync("bash", ["-o", "pipefail", "-c", text], { encoding: "utf8" });
        const digest = /\b[0-9a-f]{64}\b/.exec(r.stdout)?.[0];
        if (r.status !== 0 || digest === undefined) failures.push(`${at}: failed: ${r.stderr}`);
        else if (!page.includes(digest)) failures.push(`${at}: prints ${digest}, which the page does not show`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("every block", () => {
  it("has a language the docs test knows how to check (or that is shown as it is)", () => {
    expect(blocks.filter((b) => LANG[b.lang] === undefined).map((b) => `${where(b)}: language "${b.lang}"`)).toEqual([]);
  });

  it("README.md and every page of docs/ were read", () => {
    const files = new Set(blocks.map((b) => b.file));
    expect(files).toContain("README.md");
    expect(files).toContain("docs/integration.md");
    expect(relative(root, blocksDir)).toBe(join("test", "docs", ".blocks"));
  });
});

describe("the checks themselves", () => {
  it("find fenced blocks under list items, with ~~~ fences, and report the line of the opening fence", () => {
    const found = extractBlocks("x.md", "# T\n\n1. Step:\n\n   ```ts no-run\n   const a = 1;\n   ```\n\n~~~sh\nnpm test\n~~~\n");
    expect(found).toEqual([
      { file: "x.md", line: 5, lang: "ts", flags: ["no-run"], code: "const a = 1;\n" },
      { file: "x.md", line: 9, lang: "sh", flags: [], code: "npm test\n" },
    ]);
  });

  it("refuse a missing script, a missing file, an unknown package, an unknown command and a CLI call that fails", async () => {
    expect(await checkCommand(["npm", "run", "no-such-script"])).toMatch(/no such script/);
    expect(await checkCommand(["node", "scripts/no-such-file.mjs"])).toMatch(/does not exist/);
    expect(await checkCommand(["npm", "install", "left-pad"])).toMatch(/left-pad is neither/);
    expect(await checkCommand(["curl", "https://example.org"])).toMatch(/does not know/);
    expect(await checkCommand(["npx", "academic-credit", "replay", "--verbose", "x.json"])).toMatch(/exited 2/);
    expect(await checkCommand(["npx", "academic-credit", "replay", "my-course/", "--json"])).toBeUndefined();
    expect(commands("A=1 npx vitest run test/model   # comment\nprintf '%s' 'a b' \\\n  | openssl dgst\n").map((c) => c.pipeline)).toEqual([
      [["A=1", "npx", "vitest", "run", "test/model"]],
      [["printf", "%s", "a b"], ["openssl", "dgst"]],
    ]);
  });
});
