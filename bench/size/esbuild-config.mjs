// esbuild settings shared by the size-limit checks that bundle zod rather than leave it out as a
// peer dependency (size-limit's default): `configFor("everything.js")` bundles that entry file.
import { fileURLToPath } from "node:url";

export function configFor(entry) {
  return {
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outdir: fileURLToPath(new URL(`../.tmp/size-${entry.replace(/\.js$/, "")}`, import.meta.url)),
    bundle: true,
    format: "esm",
    minify: true,
    treeShaking: true,
    allowOverwrite: true,
    write: true,
    logLevel: "error",
  };
}
