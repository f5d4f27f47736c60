import { describe, expect, expectTypeOf, it } from "vitest";
import { renderEmail, type EmailMessage, type RenderedEmail } from "../../src/notifications/index.js";

const deadline = new Date("2027-07-01T03:59:00Z");

function eligibility(providers: readonly string[], overrides: Partial<EmailMessage<"eligibility">["data"]> = {}): RenderedEmail {
  return renderEmail({
    template: "eligibility",
    idempotencyKey: "eligibility:42",
    to: "ada@example.com",
    data: { learnerName: "Ada", courseTitle: "Circuits and Electronics", providers, deadline, timeZone: "America/New_York", ...overrides },
  });
}

function receipt(overrides: Partial<EmailMessage<"purchase-receipt">["data"]> = {}, locale?: string): RenderedEmail {
  return renderEmail(
    {
      template: "purchase-receipt",
      idempotencyKey: "receipt:pay-1",
      to: "ada@example.com",
      data: {
        learnerName: "Ada",
        courseTitle: "Circuits and Electronics",
        providerName: "Arizona State University",
        creditHours: 3,
        amount: 125000,
        currency: "USD",
        completionSteps: true,
        timeZone: "UTC",
        ...overrides,
      },
    },
    locale === undefined ? {} : { locale },
  );
}

function decision(status: "approved" | "rejected", statusUrl = "https://asu.example.edu/credit/status?id=1&x=2"): RenderedEmail {
  return renderEmail({
    template: "credit-decision",
    idempotencyKey: "decision:req-1",
    to: "ada@example.com",
    data: {
      learnerName: "Ada",
      courseTitle: "Circuits and Electronics",
      providerName: "Arizona State University",
      status,
      statusUrl,
      providerUrl: "https://asu.example.edu/",
    },
  });
}

function reminder(daysLeft: 30 | 7, providers: readonly string[] = ["Arizona State University", "Hogwarts"]): RenderedEmail {
  return renderEmail({
    template: "deadline-reminder",
    idempotencyKey: `reminder:${String(daysLeft)}`,
    to: "ada@example.com",
    data: { learnerName: "Ada", courseTitle: "Circuits and Electronics", deadline, daysLeft, providers, timeZone: "America/New_York" },
  });
}

describe("eligibility email (§10 eligibility)", () => {
  it("§10 eligibility subject lists three providers with an Oxford comma", () => {
    expect(eligibility(["A", "B", "C"]).subject).toBe("You are eligible for credit from A, B, and C");
  });

  it("§10 eligibility subject lists two providers joined by 'and'", () => {
    expect(eligibility(["A", "B"]).subject).toBe("You are eligible for credit from A and B");
  });

  it("§10 eligibility subject names a single provider alone", () => {
    expect(eligibility(["Arizona State University"]).subject).toBe("You are eligible for credit from Arizona State University");
  });

  it("§10 eligibility subject with no provider does not end on a dangling 'from'", () => {
    const email = eligibility([]);
    expect(email.subject).toBe("You are eligible for credit");
    expect(email.text).toContain("You can purchase credit until 30 June 2027, 23:59 (America/New_York).");
  });

  it("§2 eligibility deadline is shown in the learner's zone and names it", () => {
    const email = eligibility(["A", "B", "C"]);
    expect(email.text).toContain("You can purchase credit from A, B, and C until 30 June 2027, 23:59 (America/New_York).");
    expect(email.html).toContain("until <bdi>30 June 2027, 23:59 (America/New_York)</bdi>.");
  });

  it("§2 eligibility deadline on Feb 29 is shown on Feb 29", () => {
    const email = eligibility(["A"], { deadline: new Date("2028-02-29T23:59:00Z"), timeZone: "UTC" });
    expect(email.text).toContain("until 29 February 2028, 23:59 (UTC)");
  });

  it("§2 eligibility deadline in an unknown zone falls back to UTC and says so", () => {
    const email = eligibility(["A"], { timeZone: "Mars/Olympus_Mons" });
    expect(email.text).toContain("until 1 July 2027, 03:59 (UTC)");
  });

  it("§10 eligibility body greets the learner and names the course, in text and HTML", () => {
    const email = eligibility(["A"]);
    expect(email.text.startsWith("Hello Ada,\n\nCongratulations! You have met all the requirements for credit in Circuits and Electronics.")).toBe(true);
    expect(email.html).toContain("<p>Hello <bdi>Ada</bdi>,</p>");
    expect(email.html).toContain("in <bdi>Circuits and Electronics</bdi>.</p>");
    expect(email.html).toContain("from <bdi>A</bdi> until");
  });
});

describe("purchase receipt (§10 purchase-receipt)", () => {
  it("§10 receipt shows course, provider, credit hours and the amount in dollars", () => {
    const email = receipt();
    expect(email.subject).toBe("Receipt for your credit purchase: Circuits and Electronics");
    expect(email.text).toContain("Thank you for purchasing credit for Circuits and Electronics from Arizona State University.");
    expect(email.text).toContain("Credit: 3 credit hours. Amount paid: $1,250.00.");
    expect(email.html).toContain("Amount paid: <bdi>$1,250.00</bdi>.");
  });

  it("§3 receipt amount respects the currency's digits (JPY has none, BHD three)", () => {
    expect(receipt({ amount: 125000, currency: "JPY" }).text).toContain("Amount paid: ¥125,000.");
    expect(receipt({ amount: 125000, currency: "BHD" }).text).toContain("Amount paid: BHD\u00A0125.000.");
  });

  it("§10 receipt formats the amount in the message's locale, else the render option's", () => {
    expect(receipt({ amount: 125050, currency: "EUR", locale: "de-DE" }).text).toContain("Amount paid: 1.250,50\u00A0€.");
    expect(receipt({ amount: 125050, currency: "EUR" }, "de-DE").text).toContain("Amount paid: 1.250,50\u00A0€.");
    expect(receipt({ amount: 125050, currency: "EUR", locale: "not a locale" }).text).toContain("Amount paid: €1,250.50.");
  });

  it("§10 receipt says '1 credit hour' in the singular", () => {
    expect(receipt({ creditHours: 1 }).text).toContain("Credit: 1 credit hour. ");
  });

  it("§8 receipt with completion steps tells the learner to Complete Credit at the provider", () => {
    const text = receipt({ completionSteps: true }).text;
    expect(text).toContain("Next step: complete your credit request at Arizona State University.");
    expect(text).toContain("select “Complete Credit”");
  });

  it("§8 receipt without completion steps says the request was sent and nothing else is needed", () => {
    const text = receipt({ completionSteps: false }).text;
    expect(text).toContain("Your credit request has been sent to Arizona State University; you do not need to do anything else.");
    expect(text).not.toContain("Complete Credit");
  });

  it("§7 receipt shows the provider's fulfillment instructions, keeping their line breaks", () => {
    const email = receipt({ fulfillmentInstructions: "Send your transcript.\nUse form A & B." });
    expect(email.text).toContain("Instructions from Arizona State University:\n\nSend your transcript.\nUse form A & B.\n");
    expect(email.html).toContain("<p><bdi>Send your transcript.<br>Use form A &amp; B.</bdi></p>");
    expect(receipt({ fulfillmentInstructions: "  " }).text).not.toContain("Instructions from");
  });

  it("§3 receipt with a malformed currency code still renders the amount", () => {
    expect(receipt({ amount: 125000, currency: "dollars" }).text).toContain("Amount paid: 1,250.00 dollars.");
  });
});

describe("credit decision (§10 credit-decision)", () => {
  it("§10 approved decision links the status URL", () => {
    const email = decision("approved");
    expect(email.subject).toBe("Your request for credit in Circuits and Electronics has been approved");
    expect(email.text).toContain("Arizona State University has approved your request for credit in Circuits and Electronics.");
    expect(email.text).toContain("You can view the status of your credit at https://asu.example.edu/credit/status?id=1&x=2.");
    expect(email.html).toContain(
      '<a href="https://asu.example.edu/credit/status?id=1&amp;x=2">https://asu.example.edu/credit/status?id=1&amp;x=2</a>',
    );
  });

  it("§10 rejected decision says to contact the provider, by name and URL", () => {
    const email = decision("rejected");
    expect(email.subject).toBe("Your request for credit in Circuits and Electronics was not approved");
    expect(email.text).toContain("Arizona State University did not approve your request for credit in Circuits and Electronics.");
    expect(email.text).toContain("For more information, contact Arizona State University at https://asu.example.edu/.");
    expect(email.html).toContain('contact <bdi>Arizona State University</bdi> at <a href="https://asu.example.edu/">https://asu.example.edu/</a>.');
    expect(email.html).not.toContain("credit/status");
  });
});

describe("deadline reminder (§10 deadline-reminder)", () => {
  it("§10 the 30-day reminder says 30 days are left", () => {
    const email = reminder(30);
    expect(email.subject).toBe("30 days left to purchase credit for Circuits and Electronics");
    expect(email.text).toContain("you have 30 days left to purchase it.");
  });

  it("§10 the 7-day reminder says 7 days are left, the deadline in the learner's zone and the providers", () => {
    const email = reminder(7);
    expect(email.subject).toBe("7 days left to purchase credit for Circuits and Electronics");
    expect(email.text).toContain("you have 7 days left to purchase it.");
    expect(email.text).toContain("You can purchase credit from Arizona State University and Hogwarts until 30 June 2027, 23:59 (America/New_York).");
    expect(email.html).toContain("<bdi>Arizona State University</bdi> and <bdi>Hogwarts</bdi>");
  });

  it("§10 a reminder without providers still gives the deadline", () => {
    expect(reminder(7, []).text).toContain("You can purchase credit until 30 June 2027, 23:59 (America/New_York).");
  });
});

describe("rendering options and shape", () => {
  it("every email is signed with the sign-off option, escaped in HTML", () => {
    const email = renderEmail(
      { template: "deadline-reminder", idempotencyKey: "k", to: "a@example.com", data: { learnerName: "Ada", courseTitle: "C", deadline, daysLeft: 7, providers: [], timeZone: "UTC" } },
      { signOff: "The <Example> team" },
    );
    expect(email.text.endsWith("\n\nThe <Example> team\n")).toBe(true);
    expect(email.html).toContain("<p><bdi>The &lt;Example&gt; team</bdi></p>");
  });

  it("the HTML is a complete English UTF-8 document", () => {
    const { html } = reminder(7);
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"></head>\n<body>\n')).toBe(true);
    expect(html.endsWith("</body>\n</html>\n")).toBe(true);
  });

  it("messages are typed per template: the data must match the template", () => {
    expectTypeOf<EmailMessage<"credit-decision">["data"]["status"]>().toEqualTypeOf<"approved" | "rejected">();
    expectTypeOf<EmailMessage<"deadline-reminder">["data"]["daysLeft"]>().toEqualTypeOf<30 | 7>();
    const wrong = {
      template: "eligibility",
      idempotencyKey: "k",
      to: "a@example.com",
      data: { learnerName: "Ada", courseTitle: "C", providerName: "P", status: "approved", statusUrl: "", providerUrl: "" },
    } as const;
    // @ts-expect-error credit-decision data is not eligibility data
    const message: EmailMessage = wrong;
    expect(message.template).toBe("eligibility");
  });
});
