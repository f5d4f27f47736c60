import type * as z from "zod";
import { err, ok, type ErrorCode, type Issue, type Result } from "./index.js";

/**
 * Converts zod issues into {@link Issue}s, naming the JSON path and the reason. Internal.
 */
export function toIssues(error: z.ZodError): Issue[] {
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
  schema: z.ZodType<T>,
  input: unknown,
  what: string,
  code: ErrorCode = "invalid-input",
): Result<T> {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(input);
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
