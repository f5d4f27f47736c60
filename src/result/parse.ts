import * as z from "zod/mini";
import * as core from "zod/v4/core";
import { err, ok, type ErrorCode, type Issue, type Result } from "./index.js";

// zod's generated (JIT) object parser; early zod 4 releases have no `$ZodObjectJIT` and parse objects with `$ZodObject`.
const objectParser: core.$constructor<core.$ZodObject> = /* @__PURE__ */ (() => core.$ZodObjectJIT ?? core.$ZodObject)();
const miniObject: core.$constructor<z.ZodMiniObject> = z.ZodMiniObject;
const JitObject = /* @__PURE__ */ core.$constructor<z.ZodMiniObject>("JitObject", (inst, def) => {
  objectParser.init(inst, def);
  miniObject.init(inst, def);
});

/**
 * `z.strictObject` of zod/mini, parsed by the generated object parser classic zod uses (zod/mini's
 * own is about three times slower, and policies and scenarios are mostly objects). Internal.
 */
export function strictObject<T extends core.$ZodLooseShape>(shape: T, params?: core.$ZodObjectParams): z.ZodMiniObject<T, core.$strict> {
  return new JitObject({ ...z.strictObject(shape, params)._zod.def }) as z.ZodMiniObject<T, core.$strict>;
}

/** The type of a received value, never the value itself (it may be a secret). */
function typeOf(value: unknown): string {
  try {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "number" && !Number.isFinite(value) ? String(value) : typeof value;
  } catch {
    return "object"; // a revoked proxy
  }
}

const quote = (values: readonly unknown[]): string => values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ");

const UNITS: Readonly<Record<string, string>> = { string: "character", array: "item" };

/**
 * The English message of an issue our schemas gave no text for (zod/mini carries no locale): what
 * was expected and, for a wrong type, the type received. Internal.
 */
export const issueMessage: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required";
      return issue.expected === "int" ? "expected an integer" : `expected ${issue.expected}, received ${typeOf(issue.input)}`;
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const n = small ? issue.minimum : issue.maximum;
      const unit = UNITS[issue.origin];
      return unit
        ? `expected ${small ? "at least" : "at most"} ${n} ${unit}${n === 1 ? "" : "s"}`
        : `expected a number ${small ? (issue.inclusive ? "≥" : ">") : issue.inclusive ? "≤" : "<"} ${n}`;
    }
    case "invalid_format":
      return `expected a string matching ${issue.pattern ?? issue.format}`;
    case "invalid_value":
      return `expected ${issue.values.length === 1 ? "" : "one of "}${quote(issue.values)}`;
    case "unrecognized_keys":
      return `unexpected field${issue.keys.length === 1 ? "" : "s"}: ${quote(issue.keys)}`;
    case "invalid_union": {
      // A discriminated union names the discriminator values it knows.
      const options = (issue as { readonly options?: readonly unknown[] }).options;
      return options ? `expected one of ${quote(options)}` : "expected one of the allowed forms";
    }
    case "invalid_key":
      return `invalid key: ${issue.issues[0]?.message ?? "not allowed"}`;
    default:
      return "invalid value";
  }
};

/**
 * Parse options that give every issue without a text of ours an English one ({@link issueMessage})
 * and leave the host's zod configuration alone. `async: false` is what `safeParse` sets anyway:
 * with the key already present, zod's copy of the options stays on V8's fast path (adding it to
 * the copy costs each parse about 0.35 µs on Node 20). Internal.
 */
export const PARSE_OPTIONS: core.ParseContextInternal<core.$ZodIssue> = { error: issueMessage, async: false };

/**
 * Converts zod issues into {@link Issue}s, naming the JSON path and the reason. Internal.
 */
export function toIssues(error: { readonly issues: readonly core.$ZodIssue[] }): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === "number" ? p : String(p))),
    message: issue.message,
  }));
}

/** Renders issues as one line: `steps[3].at: expected …; name: required`. Internal. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join("; ");
}

/** `["steps", 3, "at"]` → `steps[3].at`; the root is `(root)`. Internal. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out;
}

/**
 * Parses untrusted input with a schema into a {@link Result}; never throws. Internal.
 */
export function parseWith<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  what: string,
  code: ErrorCode = "invalid-input",
): Result<T> {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(input, PARSE_OPTIONS);
  } catch {
    return err(code, `Invalid ${what}: the value could not be read`, { issues: [{ path: [], message: "unreadable value" }] });
  }
  if (parsed.success) return ok(parsed.data);
  let issues: Issue[];
  try {
    // zod builds issue messages lazily, reading the received value again (a hostile value can throw here too).
    issues = toIssues(parsed.error);
  } catch {
    return err(code, `Invalid ${what}: the value could not be read`, { issues: [{ path: [], message: "unreadable value" }] });
  }
  return err(code, `Invalid ${what}: ${describeIssues(issues)}`, { issues });
}
