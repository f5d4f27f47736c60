// Writes schemas/scenario.schema.json from the zod schema of scenario files (src/scenario).
// `node scripts/generate-schema.mjs --check` exits 1 when the checked-in file is out of date.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadTs, root } from "./load-ts.mjs";

const { scenarioJsonSchema } = await loadTs("src/scenario/json-schema.ts");
const target = join(root, "schemas", "scenario.schema.json");
const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== text) {
    console.error("schemas/scenario.schema.json is out of date: run node scripts/generate-schema.mjs");
    process.exit(1);
  }
  console.log("schemas/scenario.schema.json is up to date");
} else {
  await mkdir(join(root, "schemas"), { recursive: true });
  await writeFile(target, text);
  console.log("wrote schemas/scenario.schema.json");
}
