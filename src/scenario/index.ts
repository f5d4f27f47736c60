export { parseScenario } from "./parse.js";
export { replayScenario } from "./replay.js";
export { scenarioSchema } from "./schema.js";
export { scenarioJsonSchema } from "./json-schema.js";
export { describeScenarioStep } from "./describe.js";
export {
  DASHBOARD_STATUSES,
  ELIGIBILITY_STATUSES,
  EMAIL_TEMPLATES,
  PURCHASE_STATUSES,
  REQUIREMENT_STATUSES,
} from "./vocabulary.js";

export type {
  CallbackSigning,
  ReportedExpectation,
  Scenario,
  ScenarioCommand,
  ScenarioExpectation,
  ScenarioReport,
  ScenarioState,
  ScenarioStep,
  ScenarioStepReport,
} from "./types.js";
