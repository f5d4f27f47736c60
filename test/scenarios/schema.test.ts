import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/index.js";
import { examplesDir, root } from "./helpers.js";

const checkedIn = `${root}schemas/scenario.schema.json`;

describe("schemas/scenario.schema.json", () => {
  it("is current: regenerating it from the zod schema gives the checked-in file (node scripts/generate-schema.mjs)", () => {
    expect(readFileSync(checkedIn, "utf8")).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it("describes the SCENARIOS.md fields, a $schema field, and steps with exactly one of event, command, expect", () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      required: string[];
      properties: Record<string, { items?: { oneOf?: unknown[]; properties?: Record<string, unknown> } }>;
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toEqual(["$schema", "name", "policy", "providers", "providerKeys", "learner", "steps"]);
    expect(schema.required).toEqual(["name", "policy", "providers", "learner", "steps"]);
    const step = schema.properties.steps?.items;
    expect(Object.keys(step?.properties ?? {})).toEqual(["at", "event", "command", "expect", "expectError"]);
    expect(step?.oneOf).toEqual([
      { required: ["event"] },
      { required: ["command"] },
      { required: ["expect"], not: { required: ["expectError"] } },
    ]);
  });

  it("is where the examples' $schema points", () => {
    expect(existsSync(new URL("../../schemas/scenario.schema.json", `file://${examplesDir}`))).toBe(true);
  });
});
