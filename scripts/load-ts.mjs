// Loads a TypeScript module of this repository from a plain Node script (Node 20 cannot run .ts):
// bundles it with esbuild (installed with tsup) into a temporary ES module and imports that.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

export const root = fileURLToPath(new URL("../", import.meta.url));

export async function loadTs(relativePath) {
  const result = await build({
    entryPoints: [join(root, relativePath)],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  const dir = await mkdtemp(join(tmpdir(), "academic-credit-"));
  const file = join(dir, "module.mjs");
  try {
    await writeFile(file, result.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
