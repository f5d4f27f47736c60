// size-limit entry "evaluateEligibility alone": what a bundle that imports only evaluateEligibility
// gets, zod bundled with it (tree-shaken: evaluating eligibility parses nothing).
export { evaluateEligibility } from "../../dist/index.js";
