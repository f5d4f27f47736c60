import { err, ok, type Result } from "../result/index.js";

/** Internal: a refusal of the handler, before the service is asked. */
export interface Refusal {
  readonly code: "invalid-input" | "invalid-callback" | "unsupported-media-type" | "payload-too-large";
  readonly message: string;
}

/** Internal: `application/json` or any `+json` type, with no charset but UTF-8. */
export function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [type = "", ...params] = contentType.toLowerCase().split(";");
  const t = type.trim();
  if (t !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(t)) return false;
  return params.every((p) => {
    const [name = "", value = ""] = p.split("=");
    return name.trim() !== "charset" || /^"?utf-8"?$/.test(value.trim());
  });
}

/** Internal: reads the body as UTF-8 text, at most `limit` bytes; never throws. */
export async function readText(request: Request, limit: number): Promise<Result<string, Refusal>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    return { ok: false, error: { code: "payload-too-large", message: `The body is larger than ${limit} bytes` } };
  }
  const body = request.body;
  if (body === null) return ok("");
  const chunks: Uint8Array[] = [];
  let size = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        return { ok: false, error: { code: "payload-too-large", message: `The body is larger than ${limit} bytes` } };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, error: { code: "invalid-input", message: "The body could not be read" } };
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return ok(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(all));
  } catch {
    return { ok: false, error: { code: "invalid-input", message: "The body is not valid UTF-8" } };
  }
}

/** Internal: a JSON body, checked for its media type, size and syntax. */
export async function readJson(
  request: Request,
  limit: number,
  invalid: "invalid-input" | "invalid-callback" = "invalid-input",
): Promise<Result<{ readonly value: unknown; readonly text: string }, Refusal>> {
  if (!isJsonType(request.headers.get("content-type"))) {
    return { ok: false, error: { code: "unsupported-media-type", message: "Send the body as application/json (UTF-8)" } };
  }
  const text = await readText(request, limit);
  if (!text.ok) return text;
  if (text.value.trim() === "") return { ok: false, error: { code: invalid, message: "The body is empty: expected a JSON object" } };
  try {
    return ok({ value: JSON.parse(text.value) as unknown, text: text.value });
  } catch {
    return { ok: false, error: { code: invalid, message: "The body is not valid JSON" } };
  }
}

/** Internal: a JSON object's own fields, or a refusal naming the field that is wrong. */
export function fields<K extends string>(value: unknown, names: readonly K[]): Result<Record<K, string>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return err("invalid-input", "Invalid body: expected a JSON object", { issues: [{ path: [], message: "expected a JSON object" }] });
  }
  const out = {} as Record<K, string>;
  for (const name of names) {
    const v = (value as Record<string, unknown>)[name];
    if (typeof v !== "string" || v.length === 0 || v.length > 255) {
      return err("invalid-input", `Invalid body: ${name} must be a non-empty string of at most 255 characters`, {
        issues: [{ path: [name], message: v === undefined ? "required" : "expected a non-empty string of at most 255 characters" }],
      });
    }
    out[name] = v;
  }
  return ok(out);
}
