import type { LearnerId } from "../ids/index.js";
import type { RetirementReport } from "../ports/index.js";
import { err, type Result } from "../result/index.js";
import { attempt, type ServiceContext } from "./context.js";
import { checkIds } from "./ids.js";

/**
 * Internal: retires a learner (GDPR erasure) through `CreditStore.retireLearner`: personal data
 * leaves the store, facts needed for audit stay, and every later query still answers (with a
 * blank profile). Idempotent.
 */
export async function retireLearner(ctx: ServiceContext, learnerId: LearnerId): Promise<Result<RetirementReport>> {
  const ids = checkIds(learnerId, "-" as never);
  if (!ids.ok) return ids;
  const { store, clock } = ctx.ports;
  const retire = store.retireLearner;
  if (retire === undefined) return err("unavailable", "The store cannot retire learners (it has no retireLearner method)", { port: "store" });
  return attempt("store", () => retire.call(store, learnerId, clock.now()));
}
