import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it, vi } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const doc = readFileSync(`${root}docs/integration.md`, "utf8");
const block = /<!-- worker example -->\s*```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
const dir = `${root}node_modules/.cache/worker-doc/`;
const file = `${dir}worker-example.ts`;

describe("docs/integration.md §5 worker example", () => {
  it("compiles against the public entry points", () => {
    expect(block).toContain("startCreditWorker");
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${block}\nexport {};\n`);
    const options: ts.CompilerOptions = {
      ...ts.parseJsonConfigFileContent(ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile).config, ts.sys, root).options,
      noEmit: true,
    };
    const program = ts.createProgram([file], options);
    expect(ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  }, 120_000);

  it("runs: the worker keeps going until SIGTERM, then stops cleanly and reports", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${block}\nexport {};\n`);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const listeners = process.listenerCount("SIGTERM");
      const example = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { stopWorker: () => Promise<void> };
      expect(process.listenerCount("SIGTERM"), "the example listens for SIGTERM").toBe(listeners + 1);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(log, "still running before SIGTERM").not.toHaveBeenCalled();
      process.emit("SIGTERM", "SIGTERM");
      await example.stopWorker(); // resolves once the worker the signal stopped is done
      expect(log).toHaveBeenCalledWith("stopped after 1 outbox runs, 0 messages delivered");
    } finally {
      log.mockRestore();
    }
  });
});
