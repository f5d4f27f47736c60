import * as z from "zod/mini";
import { scenarioSchema } from "./schema.js";

const STEP_KEYS = ["at", "event", "command", "expect", "expectError"];

/**
 * The JSON Schema (draft 2020-12) of a scenario file, generated from {@link scenarioSchema} as its
 * input: what editors use to complete and check scenario files. The package ships it as
 * `schemas/scenario.schema.json`; point a file's `$schema` at it. Rules a JSON Schema cannot say
 * (steps in time order, a real IANA zone) are checked by {@link parseScenario}.
 *
 * @returns the schema as a plain JSON value.
 * @example
 * ```ts
 * import { scenarioJsonSchema } from "academic-credit/scenarios";
 * const schema = scenarioJsonSchema();
 * schema.title; // "academic-credit scenario"
 * ```
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, {
    io: "input",
    target: "draft-2020-12",
    override: (ctx) => {
      const properties = ctx.jsonSchema.properties;
      if (properties !== undefined && STEP_KEYS.every((k) => k in properties)) {
        ctx.jsonSchema.oneOf = [
          { required: ["event"] },
          { required: ["command"] },
          { required: ["expect"], not: { required: ["expectError"] } },
        ];
      }
    },
  }) as Record<string, unknown>;
}
