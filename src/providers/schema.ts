import * as z from "zod/mini";
import type { ProviderId } from "../ids/index.js";
import type { Result } from "../result/index.js";
import { parseWith, strictObject } from "../result/parse.js";
import type { Provider, ProviderIntegration } from "./model.js";

/** A provider id: letters, digits and hyphens, the whole string (Open edX's own check is unanchored). Internal. */
export const PROVIDER_ID_PATTERN = /^[A-Za-z0-9-]+$/;

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const URL_ERROR = "expected an absolute http(s) URL";
const httpUrl = /* @__PURE__ */ (() =>
  z.string({ error: URL_ERROR }).check(z.refine(isHttpUrl, { error: URL_ERROR })))();

const providerInputSchema = /* @__PURE__ */ (() =>
  strictObject({
    id: z
      .string({ error: "expected a provider id" })
      .check(
        z.maxLength(255, { error: "at most 255 characters" }),
        z.regex(PROVIDER_ID_PATTERN, { error: "provider id must match ^[A-Za-z0-9-]+$" }),
      ),
    displayName: z.string({ error: "expected a display name" }).check(z.minLength(1, { error: "must not be empty" })),
    active: z.optional(z.boolean()),
    description: z.optional(z.string()),
    url: httpUrl,
    statusUrl: httpUrl,
    fulfillmentInstructions: z.optional(z.string()),
    thumbnailUrl: z.optional(httpUrl),
    integration: z.enum(["link", "signed-request"], { error: 'expected "link" or "signed-request"' }),
    completionSteps: z.boolean({ error: "expected true or false" }),
  }))();

/**
 * The JSON shape of a credit provider, as accepted by {@link parseProvider} (docs/rules.md §7).
 *
 * @example
 * ```ts
 * import type { ProviderInput } from "academic-credit";
 * const asu: ProviderInput = {
 *   id: "asu", displayName: "Arizona State University", url: "https://credit.example.edu/request",
 *   statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true,
 * };
 * ```
 */
export interface ProviderInput {
  readonly id: string;
  readonly displayName: string;
  /** Default true. */
  readonly active?: boolean | undefined;
  readonly description?: string | undefined;
  /** Absolute http(s) URL. */
  readonly url: string;
  /** Absolute http(s) URL. */
  readonly statusUrl: string;
  readonly fulfillmentInstructions?: string | undefined;
  /** Absolute http(s) URL. */
  readonly thumbnailUrl?: string | undefined;
  readonly integration: ProviderIntegration;
  readonly completionSteps: boolean;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails to compile when {@link ProviderInput} and the schema drift apart. */
type _ProviderInputMatchesSchema = Assert<Same<ProviderInput, z.input<typeof providerInputSchema>>>;

function toProvider(p: z.output<typeof providerInputSchema>): Provider {
  return {
    id: p.id as ProviderId,
    displayName: p.displayName,
    active: p.active ?? true,
    ...(p.description === undefined ? {} : { description: p.description }),
    url: p.url,
    statusUrl: p.statusUrl,
    ...(p.fulfillmentInstructions === undefined ? {} : { fulfillmentInstructions: p.fulfillmentInstructions }),
    ...(p.thumbnailUrl === undefined ? {} : { thumbnailUrl: p.thumbnailUrl }),
    integration: p.integration,
    completionSteps: p.completionSteps,
  };
}

const providerSchema = /* @__PURE__ */ (() =>
  z.pipe(providerInputSchema, z.transform(toProvider)))();

/** Schema of a list of providers as JSON (ids unique), parsed into {@link Provider}s. Internal. */
export const providersSchema = /* @__PURE__ */ (() =>
  z.pipe(
    z.array(providerInputSchema, { error: "expected a list of providers" }).check(
      z.superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((p, i) => {
          if (seen.has(p.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate provider id "${p.id}"` });
          seen.add(p.id);
        });
      }),
    ),
    z.transform((list: z.output<typeof providerInputSchema>[]) => list.map(toProvider)),
  ))();

/**
 * Parses one credit provider from JSON (docs/rules.md §7): unknown fields are refused, `id` must match
 * `^[A-Za-z0-9-]+$`, `url`, `statusUrl` and `thumbnailUrl` must be absolute http(s) URLs, `active`
 * defaults to true. Shared secrets never belong here (they come from the `ProviderKeys` port).
 * Never throws.
 *
 * @param input - untrusted JSON.
 * @returns the provider, or `invalid-input` with the JSON path of each problem.
 * @example
 * ```ts
 * import { parseProvider } from "academic-credit";
 * const r = parseProvider({
 *   id: "asu", displayName: "Arizona State University", url: "https://credit.example.edu/request",
 *   statusUrl: "https://credit.example.edu/status", integration: "signed-request", completionSteps: true,
 * });
 * if (r.ok) r.value.active; // true
 * ```
 */
export function parseProvider(input: unknown): Result<Provider> {
  return parseWith(providerSchema, input, "credit provider");
}

/**
 * Parses a list of credit providers from JSON, as {@link parseProvider} does for each; a repeated
 * id is refused at its path (`[3, "id"]`). Never throws.
 *
 * @param input - untrusted JSON.
 * @returns the providers in order, or `invalid-input` with the JSON path of each problem.
 * @example
 * ```ts
 * import { parseProviders } from "academic-credit";
 * const r = parseProviders([
 *   { id: "asu", displayName: "ASU", url: "https://asu.example.edu/credit",
 *     statusUrl: "https://asu.example.edu/status", integration: "signed-request", completionSteps: true },
 * ]);
 * if (r.ok) r.value.length; // 1
 * ```
 */
export function parseProviders(input: unknown): Result<Provider[]> {
  return parseWith(providersSchema, input, "credit providers");
}
