import type { ProviderId } from "../ids/index.js";
import type { JourneyEffect } from "../journey/reducer.js";
import type { EmailMessage } from "../notifications/index.js";
import type { CoursePolicy } from "../policy/index.js";
import type { LearnerProfile, NewOutboxMessage } from "../ports/index.js";
import type { Provider } from "../providers/model.js";
import type { PurchaseEffect } from "../purchase/index.js";

/** Internal: display names of the course's active providers with an offer, in offer order. */
export function offeredProviderNames(policy: CoursePolicy, providers: readonly Provider[]): string[] {
  const byId = new Map<ProviderId, Provider>(providers.map((p) => [p.id, p]));
  const names: string[] = [];
  for (const offer of policy.offers) {
    const p = byId.get(offer.providerId);
    if (p !== undefined && p.active) names.push(p.displayName);
  }
  return names;
}

/**
 * Internal: an effect's key scoped by course and learner. Keys made of a payment id come from the
 * host's gateway and are unique within one learner's course only; another learner's payment
 * reported with the same id must never stand for this learner's receipt or refund.
 */
const scoped = (key: string, policy: CoursePolicy, learner: LearnerProfile): string => `${key}:${policy.courseId}:${learner.id}`;

function email(message: EmailMessage): NewOutboxMessage {
  return { idempotencyKey: message.idempotencyKey, payload: { kind: "email", email: message } };
}

/**
 * Internal: turns reducer and purchase effects into outbox messages, filling in what a person
 * reads (names, addresses, time zone) from the catalog data already loaded.
 */
export function toOutbox(
  effects: readonly (JourneyEffect | PurchaseEffect)[],
  policy: CoursePolicy,
  learner: LearnerProfile,
  providers: readonly Provider[],
): NewOutboxMessage[] {
  const timeZone = learner.timeZone ?? "UTC";
  const out: NewOutboxMessage[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case "send-email":
        switch (effect.template) {
          case "eligibility":
            out.push(
              email({
                template: "eligibility",
                idempotencyKey: effect.idempotencyKey,
                to: learner.email,
                data: {
                  learnerName: learner.fullName,
                  courseTitle: policy.title,
                  providers: offeredProviderNames(policy, providers),
                  deadline: effect.deadline,
                  timeZone,
                },
              }),
            );
            break;
          case "purchase-receipt": {
            const d = effect.data;
            out.push(
              email({
                template: "purchase-receipt",
                idempotencyKey: scoped(effect.idempotencyKey, policy, learner),
                to: learner.email,
                data: {
                  learnerName: learner.fullName,
                  courseTitle: d.courseTitle,
                  providerName: d.providerName,
                  creditHours: d.creditHours,
                  amount: d.amount,
                  currency: d.currency,
                  completionSteps: d.completionSteps,
                  ...(d.fulfillmentInstructions === undefined ? {} : { fulfillmentInstructions: d.fulfillmentInstructions }),
                  timeZone,
                  ...(learner.locale === undefined ? {} : { locale: learner.locale }),
                },
              }),
            );
            break;
          }
          case "credit-decision": {
            const d = effect.data;
            out.push(
              email({
                template: "credit-decision",
                idempotencyKey: effect.idempotencyKey,
                to: learner.email,
                data: {
                  learnerName: learner.fullName,
                  courseTitle: d.courseTitle,
                  providerName: d.providerName,
                  status: d.status,
                  statusUrl: d.statusUrl ?? "",
                  providerUrl: d.providerUrl ?? "",
                },
              }),
            );
            break;
          }
          default: {
            const never: never = effect;
            return never;
          }
        }
        break;
      case "refund-payment":
        out.push({
          idempotencyKey: scoped(effect.idempotencyKey, policy, learner),
          payload: { kind: "refund", refund: { paymentId: effect.paymentId, amount: effect.amount, currency: effect.currency } },
        });
        break;
      case "send-credit-request":
        out.push({
          idempotencyKey: effect.idempotencyKey,
          payload: { kind: "credit-request", request: { providerId: effect.providerId, requestId: effect.requestId } },
        });
        break;
      default: {
        const never: never = effect;
        return never;
      }
    }
  }
  return out;
}
