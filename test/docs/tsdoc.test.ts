import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entryPoints = ["src/index.ts", "src/adapters/memory/index.ts", "src/scenario/index.ts", "src/postgres/index.ts", "src/testing/index.ts", "src/http/index.ts"];

interface Documented {
  readonly name: string;
  readonly file: string;
  readonly isValue: boolean;
  readonly summary: string;
  readonly examples: readonly string[];
}

function collect(): Documented[] {
  const options: ts.CompilerOptions = {
    ...ts.parseJsonConfigFileContent(ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile).config, ts.sys, root).options,
    noEmit: true,
  };
  const program = ts.createProgram(entryPoints.map((e) => `${root}${e}`), options);
  const checker = program.getTypeChecker();
  const out: Documented[] = [];
  for (const entry of entryPoints) {
    const source = program.getSourceFile(`${root}${entry}`);
    if (source === undefined) throw new Error(`missing ${entry}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`no module symbol for ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (declaration === undefined) continue;
      const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) !== 0;
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const examples = symbol
        .getJsDocTags(checker)
        .filter((t) => t.name === "example")
        .map((t) => ts.displayPartsToString(t.text));
      out.push({ name: `${entry}:${exported.name}`, file: declaration.getSourceFile().fileName.replace(root, ""), isValue, summary, examples });
    }
  }
  return out;
}

const documented = collect();

function codeOf(example: string): string {
  const fenced = /```ts\n([\s\S]*?)```/.exec(example);
  return fenced?.[1] ?? example;
}

describe("TSDoc on the public API", () => {
  it("every export has a summary", () => {
    expect(documented.length).toBeGreaterThan(100);
    expect(documented.filter((d) => d.summary.length === 0).map((d) => d.name)).toEqual([]);
  });

  it("every exported function and constant has an @example", () => {
    expect(documented.filter((d) => d.isValue && d.examples.length === 0).map((d) => d.name)).toEqual([]);
  });

  it("every @example compiles against the public entry points", () => {
    const examples = documented.flatMap((d) => d.examples.map((e, i) => ({ name: `${d.name}#${i}`, code: codeOf(e) })));
    const seen = new Set<string>();
    const files = new Map<string, string>();
    for (const e of examples) {
      if (seen.has(e.code)) continue;
      seen.add(e.code);
      files.set(`${root}.examples/${files.size}.ts`, `${e.code}\nexport {};\n`);
    }
    const options: ts.CompilerOptions = {
      ...ts.parseJsonConfigFileContent(ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile).config, ts.sys, root).options,
      noEmit: true,
      noUnusedLocals: false,
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (f) => files.get(f) ?? readFile(f);
    host.fileExists = (f) => files.has(f) || fileExists(f);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (f, lang) => {
      const text = files.get(f);
      return text === undefined ? getSourceFile(f, lang) : ts.createSourceFile(f, text, lang, true);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const names = new Map([...files.keys()].map((f, i) => [f, [...seen][i]?.slice(0, 80)]));
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && files.has(d.file.fileName))
      .map((d) => `${names.get(d.file?.fileName ?? "")}…: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
    expect(files.size).toBeGreaterThan(50);
  }, 60_000);
});

