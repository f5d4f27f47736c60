/** The only script of the form page; its hash goes in the page's Content-Security-Policy. */
const SCRIPT = 'document.getElementById("credit-request").submit();';

/**
 * The CSP source of the form page's one inline script (`'sha256-…'`), for a host that serves
 * {@link renderCreditRequestForm} with its own Content-Security-Policy.
 *
 * @example
 * ```ts
 * import { CREDIT_REQUEST_FORM_SCRIPT_HASH } from "academic-credit/http";
 * const csp = `default-src 'none'; script-src ${CREDIT_REQUEST_FORM_SCRIPT_HASH}`;
 * ```
 */
export const CREDIT_REQUEST_FORM_SCRIPT_HASH = "'sha256-LsAyxYbLBpuxz8DQnjRfm/KVEDmZxEAduQWG22b4yLg='";

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Only http(s) targets: anything else (`javascript:`, `data:`) posts nowhere. */
function target(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Content-Security-Policy of the form page: nothing but its own script, and posting only to
 * the provider's origin.
 *
 * @param url - the provider's request URL.
 * @returns the header value.
 * @example
 * ```ts
 * import { creditRequestFormPolicy } from "academic-credit/http";
 * creditRequestFormPolicy("https://credit.example.edu/request");
 * // "default-src 'none'; script-src 'sha256-…'; form-action https://credit.example.edu; base-uri 'none'; frame-ancestors 'none'"
 * ```
 */
export function creditRequestFormPolicy(url: string): string {
  const t = target(url);
  return `default-src 'none'; script-src ${CREDIT_REQUEST_FORM_SCRIPT_HASH}; form-action ${t === undefined ? "'none'" : new URL(t).origin}; base-uri 'none'; frame-ancestors 'none'`;
}

/**
 * The "Complete Credit" page: an HTML document with a form that POSTs the signed parameters to
 * the provider, submitted at once by a one-line script (allowed by its hash, see
 * {@link creditRequestFormPolicy}), with a visible button for browsers without JavaScript. Every
 * value is HTML-escaped; a target that is not http(s) renders no form at all.
 *
 * @param action - what `service.requestCredit` answered for a `signed-request` provider: `url` and `parameters`.
 * @returns the HTML document.
 * @example
 * ```ts
 * import { renderCreditRequestForm } from "academic-credit/http";
 * const html = renderCreditRequestForm({ url: "https://credit.example.edu/request", parameters: { request_uuid: "557168d0f7664fe59097106c67c3f847" } });
 * html.includes('name="request_uuid"'); // true
 * ```
 */
export function renderCreditRequestForm(action: { readonly url: string; readonly parameters: Readonly<Record<string, string>> }): string {
  const t = target(action.url);
  if (t === undefined) {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Complete Credit</title>
</head>
<body>
<p>The credit provider's address is not valid, so the request was not sent. Please contact support.</p>
</body>
</html>
`;
  }
  const inputs = Object.entries(action.parameters)
    .map(([name, value]) => `<input type="hidden" name="${escape(String(name))}" value="${escape(String(value))}">`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>Complete Credit</title>
</head>
<body>
<form id="credit-request" method="post" action="${escape(t)}">
${inputs}
<p>Sending your credit request to the provider…</p>
<button type="submit">Continue to the credit provider</button>
</form>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
