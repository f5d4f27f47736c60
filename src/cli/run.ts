import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseScenario, replayScenario, type ScenarioReport } from "../scenario/index.js";
import { createStyle, formatInvalid, formatTimeline } from "./timeline.js";

/** Where the CLI writes. */
export interface CliStream {
  write(text: string): unknown;
  /** Colours are used only when this is true. */
  readonly isTTY?: boolean | undefined;
}

/** What the CLI reads and writes, so tests run it without spawning a process. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Directory relative paths are resolved against (default: the process's). */
  readonly cwd?: string;
  /** Environment, for `NO_COLOR` and `FORCE_COLOR` (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder of the example scenarios `demo` replays (default: the one shipped with the package). */
  readonly examplesDir?: string;
}

/** Exit codes of the CLI: every expectation holds, one fails, an invalid file or command line. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

/** The text of `academic-credit --help`. */
export const USAGE = `academic-credit: replay academic-credit scenario files through the real service

Usage:
  academic-credit replay <file-or-folder>... [--json] [--no-color]
  academic-credit demo [--json] [--no-color]
  academic-credit --help

Commands:
  replay   Replay each scenario file (for a folder: every *.json file in it, sorted by name)
           with the in-memory adapters, and print its timeline: one line a step with the time,
           what happened, and the resulting eligibility · purchase · dashboard statuses.
  demo     Replay the example scenarios shipped with the package.

Options:
  --json       Print one JSON report per scenario, one per line:
               { name, file, ok, steps: [{ at, kind, action, ok, error?, warnings?, state, emails, ... }] }
  --no-color   Never colour the output (colours are used only when stdout is a terminal).
  -h, --help   Show this help.

Exit codes:
  0  every expectation holds
  1  an expectation fails (expected vs actual is printed at that step)
  2  a file is not a valid scenario (the JSON path of each problem is printed, an offer naming
     a provider the file does not list included), or a usage error

Documentation, inside the installed package:
  node_modules/academic-credit/docs/scenarios.md             the scenario format and this command
  node_modules/academic-credit/schemas/scenario.schema.json  the JSON Schema of scenario files
  node_modules/academic-credit/docs/rules.md                 the rules the service applies
`;

class UsageError extends Error {}

interface Options {
  readonly command: "replay" | "demo" | "help";
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly colour: boolean | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  let json = false;
  let colour: boolean | undefined;
  let help = false;
  const positional: string[] = [];
  for (const arg of argv) {
    if (arg === "--json") json = true;
    else if (arg === "--no-color" || arg === "--no-colour") colour = false;
    else if (arg === "--color" || arg === "--colour") colour = true;
    else if (arg === "-h" || arg === "--help") help = true;
    else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command, ...paths] = positional;
  if (help || command === "help") return { command: "help", paths: [], json, colour };
  if (command === undefined) throw new UsageError("missing command: replay or demo");
  if (command === "replay") {
    if (paths.length === 0) throw new UsageError("replay needs at least one scenario file or folder");
    return { command, paths, json, colour };
  }
  if (command === "demo") {
    if (paths.length > 0) throw new UsageError("demo takes no file arguments; use replay for your own scenarios");
    return { command, paths, json, colour };
  }
  throw new UsageError(`unknown command ${command}`);
}

async function kindOf(path: string): Promise<"file" | "directory" | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "directory" : s.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

async function scenarioFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    const kind = await kindOf(abs);
    if (kind === undefined) throw new UsageError(`cannot read ${p}: no such file or folder`);
    if (kind === "file") {
      files.push(abs);
      continue;
    }
    const entries = await readdir(abs, { withFileTypes: true });
    const json = entries
      .filter((e) => e.isFile() && e.name.endsWith(".json"))
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (json.length === 0) throw new UsageError(`${p} has no .json scenario files`);
    files.push(...json.map((name) => join(abs, name)));
  }
  return files;
}

function moduleUrl(): string | undefined {
  // The CommonJS build has no import.meta; the ES module build has no __filename.
  if (typeof __filename === "string" && __filename !== "") return pathToFileURL(__filename).href;
  const meta = import.meta as { readonly url?: string };
  return meta.url;
}

/**
 * The example scenarios shipped with the package: `examples/scenarios/` next to `dist/` (from the
 * built `dist/cli.js`) or two levels up (from the sources).
 */
async function findExamples(): Promise<string | undefined> {
  const base = moduleUrl();
  if (base === undefined) return undefined;
  for (const rel of ["../examples/scenarios/", "../../examples/scenarios/"]) {
    const dir = fileURLToPath(new URL(rel, base));
    if ((await kindOf(dir)) === "directory") return dir;
  }
  return undefined;
}

function useColour(option: boolean | undefined, io: CliIo, env: Readonly<Record<string, string | undefined>>): boolean {
  if (option !== undefined) return option;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

type FileOutcome =
  | { readonly kind: "report"; readonly file: string; readonly report: ScenarioReport }
  | { readonly kind: "invalid"; readonly file: string };

/**
 * Runs the `academic-credit` command line: `replay <file-or-folder>... [--json]`, `demo`,
 * `--help`. Writes the timeline (or JSON reports) to `io.stdout`, problems to `io.stderr`.
 *
 * @param argv - the arguments after the program name.
 * @param io - output streams, working directory, environment and the examples folder.
 * @returns the exit code: 0 every expectation holds, 1 one fails, 2 an invalid file or usage error.
 * @example
 * ```ts
 * // In a test, without spawning a process:
 * let out = "";
 * const code = await runCli(["replay", "journey.json", "--json"], {
 *   stdout: { write: (text: string) => (out += text) },
 *   stderr: { write: () => undefined },
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`academic-credit: ${error.message}\n\n${USAGE}`);
    return EXIT.invalid;
  }
  if (options.command === "help") {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const style = createStyle(!options.json && useColour(options.colour, io, env));
  let files: string[];
  try {
    if (options.command === "demo") {
      const dir = io.examplesDir ?? (await findExamples());
      if (dir === undefined) throw new UsageError("cannot find the example scenarios shipped with the package (examples/scenarios)");
      files = await scenarioFiles([dir], cwd);
      if (!options.json) io.stdout.write(style.dim(`Replaying the ${files.length} example scenarios shipped with academic-credit.\n\n`));
    } else {
      files = await scenarioFiles(options.paths, cwd);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`academic-credit: ${error.message}\n`);
    return EXIT.invalid;
  }

  const outcomes: FileOutcome[] = [];
  for (const abs of files) {
    const rel = relative(cwd, abs);
    const file = rel === "" || rel.startsWith("..") ? abs : rel;
    let text: string;
    try {
      text = await readFile(abs, "utf8");
    } catch (error) {
      // Unreadable (permissions, removed since it was listed, too large for a string): an invalid file.
      const code = typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : error instanceof Error ? error.message : "unknown error";
      const issues = [{ path: [], message: `cannot read the file (${code})` }];
      if (options.json) io.stdout.write(`${JSON.stringify({ file, ok: false, valid: false, issues })}\n`);
      else io.stderr.write(`${formatInvalid(file, issues, style)}\n`);
      outcomes.push({ kind: "invalid", file });
      continue;
    }
    const parsed = parseScenario(text);
    if (!parsed.ok) {
      const issues = parsed.error.issues ?? [{ path: [], message: parsed.error.message }];
      if (options.json) io.stdout.write(`${JSON.stringify({ file, ok: false, valid: false, code: parsed.error.code, issues })}\n`);
      else io.stderr.write(`${formatInvalid(file, issues, style)}\n`);
      outcomes.push({ kind: "invalid", file });
      continue;
    }
    const report = await replayScenario(parsed.value);
    if (options.json) io.stdout.write(`${JSON.stringify({ name: report.name, file, ok: report.ok, steps: report.steps, ...(report.error === undefined ? {} : { error: report.error }) })}\n`);
    else io.stdout.write(`${formatTimeline(report, file, style)}\n`);
    outcomes.push({ kind: "report", file, report });
  }

  const invalid = outcomes.filter((o) => o.kind === "invalid").length;
  const failing = outcomes.filter((o) => o.kind === "report" && !o.report.ok).length;
  const holding = outcomes.length - invalid - failing;
  if (!options.json && outcomes.length > 1) {
    const parts = [`${holding} hold`, ...(failing > 0 ? [`${failing} fail`] : []), ...(invalid > 0 ? [`${invalid} invalid`] : [])];
    const line = `${outcomes.length} scenarios: ${parts.join(", ")}`;
    io.stdout.write(`${failing + invalid === 0 ? style.ok(line) : style.bad(line)}\n`);
  }
  return invalid > 0 ? EXIT.invalid : failing > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * The process's own streams, directory and environment.
 *
 * @returns the io of the running process.
 */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
