import type { ProviderId } from "../ids/index.js";

/** How a learner completes credit at a provider. */
export type ProviderIntegration = "link" | "signed-request";

/** A credit-granting institution (docs/rules.md §7). Shared secrets never live here. */
export interface Provider {
  readonly id: ProviderId;
  readonly displayName: string;
  /** Inactive providers are not offered; default true. */
  readonly active: boolean;
  readonly description?: string;
  /** POST target of signed requests, or the link for `link` providers. */
  readonly url: string;
  /** Where the learner sees the status of a request. */
  readonly statusUrl: string;
  readonly fulfillmentInstructions?: string;
  readonly thumbnailUrl?: string;
  readonly integration: ProviderIntegration;
  /** Whether the learner must "Complete Credit" after paying; when false the request is issued at payment. */
  readonly completionSteps: boolean;
}
