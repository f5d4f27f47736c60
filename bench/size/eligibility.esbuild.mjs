// size-limit check "evaluateEligibility alone": zod is bundled rather than left out, so the check
// measures a real bundle (a left-out dependency leaves its import statements behind, although not
// one byte of zod is used).
import { configFor } from "./esbuild-config.mjs";

export default configFor("eligibility.js");
