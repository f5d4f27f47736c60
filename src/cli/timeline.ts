import type { Issue } from "../result/index.js";
import { formatPath } from "../result/parse.js";
import type { ReportedExpectation, ScenarioReport, ScenarioState, ScenarioStepReport } from "../scenario/index.js";

/** ANSI styling, or plain text when colours are off. */
export interface Style {
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/**
 * The styles of the timeline.
 *
 * @param colour - whether to emit ANSI colours.
 * @returns the style functions.
 */
export function createStyle(colour: boolean): Style {
  if (!colour) {
    const plain = (s: string) => s;
    return { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain };
  }
  return { ok: ansi(32, 39), bad: ansi(31, 39), warn: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
}

function statuses(state: ScenarioState): string {
  return `${state.eligibility} · ${state.purchase} · ${state.dashboard}`;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}

/** The differing fields of a failed expectation, one line each. */
export function expectationLines(expected: ReportedExpectation, actual: ReportedExpectation): string[] {
  const rows: [string, unknown, unknown][] = [];
  for (const field of ["eligibility", "purchase", "dashboard", "deadline", "emails"] as const) {
    if (field in expected) rows.push([field, expected[field], actual[field]]);
  }
  for (const [id, status] of Object.entries(expected.requirements ?? {})) {
    rows.push([`requirements.${id}`, status, actual.requirements?.[id]]);
  }
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([field, e, a]) => `${field.padEnd(width)}  expected ${show(e)}, actual ${show(a)}`);
}

/** What happened at a step: the action, then what the service answered. */
function whatHappened(step: ScenarioStepReport): string {
  if (step.error !== undefined) return `${step.action} → refused: ${step.error.code}${step.ok ? " (expected)" : ""}`;
  return step.detail === undefined ? step.action : `${step.action} → ${step.detail}`;
}

function stepLine(step: ScenarioStepReport, width: number, style: Style): string[] {
  const mark = step.ok ? style.ok("✓") : style.bad("✗");
  const what = whatHappened(step);
  const padded = what.length >= width ? what : what.padEnd(width);
  const lines = [`  ${style.dim(step.at)}  ${mark} ${step.ok ? padded : style.bad(padded)}  ${style.dim(statuses(step.state))}`];
  const indent = " ".repeat(step.at.length + 6);
  for (const w of step.warnings ?? []) lines.push(`${indent}${style.warn(`⚠ ${w.code}: ${w.message}`)}`);
  if (!step.ok && step.expected !== undefined && step.actual !== undefined) {
    for (const line of expectationLines(step.expected, step.actual)) lines.push(`${indent}${style.bad(line)}`);
  } else if (!step.ok && step.failure !== undefined) {
    lines.push(`${indent}${style.bad(step.failure)}`);
  }
  return lines;
}

/**
 * The human timeline of one replayed scenario: a header, one line a step (time, what happened,
 * the resulting eligibility · purchase · dashboard statuses), expected vs actual under a failed
 * expectation, and a summary line.
 *
 * @param report - the replay report.
 * @param file - the file it came from, shown in the header.
 * @param style - colours or plain text.
 * @returns the text, ending with a newline.
 */
export function formatTimeline(report: ScenarioReport, file: string | undefined, style: Style): string {
  // Align the statuses after the ordinary lines; long ones (expectations, refusals) just push them right.
  const width = Math.min(56, Math.max(0, ...report.steps.filter((s) => s.kind !== "expect").map((s) => whatHappened(s).length)));
  const failed = report.steps.filter((s) => !s.ok).length;
  const lines = [
    `${report.ok ? style.ok("✓") : style.bad("✗")} ${style.bold(report.name)}`,
    style.dim(`  ${file === undefined ? "" : `${file} · `}statuses after each step: eligibility · purchase · dashboard`),
    ...report.steps.flatMap((s) => stepLine(s, width, style)),
    ...(report.error === undefined ? [] : [style.bad(`  ${report.error.code}: ${report.error.message}`)]),
    report.ok
      ? style.ok(`  every expectation holds (${report.steps.length} steps)`)
      : style.bad(`  ${failed} of ${report.steps.length} steps failed`),
    "",
  ];
  return lines.join("\n");
}

/**
 * The problems of a file that is not a valid scenario, one JSON path a line.
 *
 * @param file - the file.
 * @param issues - the problems.
 * @param style - colours or plain text.
 * @returns the text, ending with a newline.
 */
export function formatInvalid(file: string, issues: readonly Issue[], style: Style): string {
  return [
    `${style.bad("✗")} ${style.bold(file)} is not a valid scenario:`,
    ...issues.map((i) => `    ${style.bad(formatPath(i.path))}: ${i.message}`),
    "",
  ].join("\n");
}
