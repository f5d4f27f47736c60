// The shape of a Next.js App Router route handler, e.g. app/api/credit/v1/[...path]/route.ts:
// each HTTP method is an exported async function from a Web `Request` to a `Response`.
import { createCreditHandler } from "academic-credit/http";
import { setup } from "../../service/harness.js";
import { testOptions } from "../helpers.js";

export const harness = setup();
const handler = createCreditHandler(harness.service, testOptions(harness));

export async function GET(request: Request): Promise<Response> {
  return handler(request);
}

export async function POST(request: Request): Promise<Response> {
  return handler(request);
}
