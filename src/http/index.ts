export { createCreditHandler } from "./handler.js";
export { CREDIT_REQUEST_FORM_SCRIPT_HASH, creditRequestFormPolicy, renderCreditRequestForm } from "./form.js";
export { toNodeListener } from "./node.js";
export { statusOf } from "./problem.js";

export type { CreditHandler, CreditHandlerOptions, CreditHttpLogEntry, CreditPrincipal, CreditWebhookKind } from "./handler.js";
export type { NodeListenerOptions, NodeRequestLike, NodeResponseLike } from "./node.js";
export type { HttpProblem, HttpProblemCode } from "./problem.js";
export { creditHttpRoutes, creditProblemJsonSchema } from "./schemas.js";
export type { CreditHttpRoute } from "./schemas.js";
