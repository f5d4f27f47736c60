// Regenerates the marked Mermaid blocks of docs/concepts.md from the transition tables
// (src/purchase/transitions.ts, src/requirements/attempt-transitions.ts).
// `node scripts/generate-docs.mjs --check` exits 1 when a block is out of date.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadTs, root } from "./load-ts.mjs";

const { conceptBlocks, replaceBlock } = await loadTs("scripts/diagrams.ts");
const target = join(root, "docs", "concepts.md");
const current = await readFile(target, "utf8");
let next = current;
for (const [name, content] of Object.entries(conceptBlocks())) next = replaceBlock(next, name, content);

if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("docs/concepts.md has out-of-date diagrams: run node scripts/generate-docs.mjs");
    process.exit(1);
  }
  console.log("docs/concepts.md diagrams are up to date");
} else {
  await writeFile(target, next);
  console.log("updated the diagrams of docs/concepts.md");
}
