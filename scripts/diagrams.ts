// Mermaid state diagrams generated from the transition tables, and the marked blocks of the docs
// that hold them. Used by scripts/generate-docs.mjs (writes) and test/docs/diagrams.test.ts (checks).
import { PURCHASE_TRANSITIONS } from "../src/purchase/transitions.js";
import { EXAM_ATTEMPT_TRANSITIONS } from "../src/requirements/attempt-transitions.js";

interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

const mermaidId = (state: string): string => `s_${state.replace(/[^A-Za-z0-9]/g, "_")}`;

/**
 * A Mermaid `stateDiagram-v2` of the arrows, states declared in order of first appearance under
 * prefixed ids (so a state named like a Mermaid keyword, e.g. `end`, stays a state).
 */
export function toMermaid(arrows: readonly Arrow[], initial: string, finals: readonly string[] = []): string {
  const states: string[] = [];
  for (const a of arrows) for (const s of [a.from, a.to]) if (!states.includes(s)) states.push(s);
  const lines = ["```mermaid", "stateDiagram-v2"];
  for (const s of states) lines.push(`    state "${s}" as ${mermaidId(s)}`);
  lines.push(`    [*] --> ${mermaidId(initial)}`);
  for (const a of arrows) lines.push(`    ${mermaidId(a.from)} --> ${mermaidId(a.to)}: ${a.label.replace(/[:;#]/g, " ")}`);
  for (const f of finals) lines.push(`    ${mermaidId(f)} --> [*]`);
  lines.push("```");
  return lines.join("\n");
}

/** The purchase status diagram, from PURCHASE_TRANSITIONS. */
export function purchaseDiagram(): string {
  return toMermaid(PURCHASE_TRANSITIONS, "unavailable", ["approved", "rejected"]);
}

/** The exam attempt diagram, from EXAM_ATTEMPT_TRANSITIONS. */
export function attemptDiagram(): string {
  return toMermaid(EXAM_ATTEMPT_TRANSITIONS, "not-started");
}

/** Every generated block of docs/concepts.md, by marker name. */
export function conceptBlocks(): Readonly<Record<string, string>> {
  return { "purchase-transitions": purchaseDiagram(), "exam-attempt-transitions": attemptDiagram() };
}

const begin = (name: string): string => `<!-- BEGIN GENERATED: ${name} (scripts/generate-docs.mjs) -->`;
const end = (name: string): string => `<!-- END GENERATED: ${name} -->`;

/** The content of a marked block, or undefined when the markers are missing. */
export function readBlock(doc: string, name: string): string | undefined {
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  if (from < 0 || to < from) return undefined;
  return doc.slice(from + begin(name).length, to).trim();
}

/** The document with a marked block replaced; throws when the markers are missing. */
export function replaceBlock(doc: string, name: string, content: string): string {
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  if (from < 0 || to < from) throw new Error(`missing markers for the generated block "${name}"`);
  return `${doc.slice(0, from + begin(name).length)}\n${content}\n${doc.slice(to)}`;
}
