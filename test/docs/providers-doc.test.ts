import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { signEdxV1 } from "../../src/providers/index.js";
import vectors from "../providers/edx-v1-vectors.json";

const doc = readFileSync(fileURLToPath(new URL("../../docs/providers.md", import.meta.url)), "utf8");

describe("docs/providers.md worked examples", () => {
  it.each(vectors.map((v) => [v.name, v] as const))("§9 the worked %s shows the signed text and signature of the edx-v1 vector", async (_, v) => {
    const params = v.params as Record<string, string>;
    const text = Object.keys(params)
      .sort()
      .map((k) => `${k}:${params[k] ?? ""}`)
      .join("");
    expect(doc).toContain(text);
    expect(doc).toContain(v.signature);
    expect(await signEdxV1(params, v.key)).toBe(v.signature);
  });

  it("§9 the request parameters shown are those of the vector", () => {
    const shown = /```json\n(\{\n {2}"request_uuid"[\s\S]*?)```/.exec(doc)?.[1];
    expect(JSON.parse(shown ?? "null")).toEqual(vectors[0]?.params);
  });
});
