// esbuild settings for the size-limit check "everything, zod included": size-limit leaves peer
// dependencies out of a bundle, and this check is the one that must count zod.
import { fileURLToPath } from "node:url";

export default {
  entryPoints: [fileURLToPath(new URL("everything.js", import.meta.url))],
  outdir: fileURLToPath(new URL("../.tmp/size-everything", import.meta.url)),
  bundle: true,
  format: "esm",
  minify: true,
  treeShaking: true,
  allowOverwrite: true,
  write: true,
  logLevel: "error",
};
