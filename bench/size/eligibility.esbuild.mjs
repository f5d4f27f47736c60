// esbuild settings for the size-limit check "evaluateEligibility alone": zod is bundled rather than
// left out as a peer dependency, so the check measures a real bundle (a left-out dependency leaves
// its import statements behind, although not one byte of zod is used).
import { fileURLToPath } from "node:url";

export default {
  entryPoints: [fileURLToPath(new URL("eligibility.js", import.meta.url))],
  outdir: fileURLToPath(new URL("../.tmp/size-eligibility", import.meta.url)),
  bundle: true,
  format: "esm",
  minify: true,
  treeShaking: true,
  allowOverwrite: true,
  write: true,
  logLevel: "error",
};
