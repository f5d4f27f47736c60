import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../src/notifications/index.js";
import { balanceBidi, escapeHtml, stripControls, toHttpUrl } from "../../src/notifications/markup.js";
import {
  BIDI_CONTROL,
  HOSTILE,
  PDF,
  PDI,
  RLO,
  TEMPLATE_TAG,
  anyMessage,
  anyText,
  decodeEntities,
  everyTemplateWith,
  htmlBodyAsText,
  isBidiBalanced,
  tagsOf,
  withoutTags,
} from "./helpers.js";

function expectOnlyTemplateTags(html: string): void {
  for (const tag of tagsOf(html)) expect(tag).toMatch(TEMPLATE_TAG);
  expect(withoutTags(html)).not.toMatch(/[<>]/);
}

describe("hostile values (§10 renderers escape every user or provider value)", () => {
  for (const value of HOSTILE) {
    it(`§10 ${JSON.stringify(value)} in every field of every template renders escaped`, () => {
      for (const message of everyTemplateWith(value)) {
        const { html, text, subject } = renderEmail(message);
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toMatch(/<img/i);
        expectOnlyTemplateTags(html);
        expect(html).not.toMatch(BIDI_CONTROL);
        expect(htmlBodyAsText(html)).toBe(text);
        expect(subject).not.toMatch(/[\r\n]/);
      }
    });
  }

  it("§10 markup in a name is escaped in HTML and left as written in plain text", () => {
    const [message] = everyTemplateWith("<script>alert(1)</script>");
    const { html, text } = renderEmail(message!);
    expect(html).toContain("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>");
    expect(text).toContain("Hello <script>alert(1)</script>,");
    expect(text).not.toMatch(/<\/?(p|bdi|a|br)\b|&lt;|&amp;/);
  });

  it("§10 quotes cannot leave an attribute: only http(s) hrefs with encoded quotes", () => {
    const url = 'https://asu.example.edu/"><img src=x onerror=alert(1)>\'';
    for (const message of everyTemplateWith('"><img src=x onerror=alert(1)>', url)) {
      const { html } = renderEmail(message);
      for (const [, value] of html.matchAll(/<a href="([^"]*)"/g)) expect(value).not.toMatch(/["'<>]/);
      expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }
  });

  it("§10 a right-to-left override in a name is escaped, isolated and closed within the name", () => {
    const [message] = everyTemplateWith(`Mallory ${RLO}gpj.exe`);
    const { html, text, subject } = renderEmail(message!);
    expect(html).toContain("<bdi>Mallory &#x202E;gpj.exe&#x202C;</bdi>");
    expect(text).toContain(`Hello Mallory ${RLO}gpj.exe${PDF},`);
    expect(subject).toContain(`Mallory ${RLO}gpj.exe${PDF},`);
  });

  it("§10 a stray terminator in a value cannot close the template's isolation", () => {
    const [message] = everyTemplateWith(`${PDI}${RLO}x`);
    const { html } = renderEmail(message!);
    expect(html).toContain("<bdi>&#x202E;x&#x202C;</bdi>");
  });
});

describe("links (§10 approved links the status URL)", () => {
  const notLinks = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/credit/status",
    "asu.example.edu/status",
    "",
  ];
  for (const url of notLinks) {
    it(`§10 ${JSON.stringify(url)} never becomes a link, in approved or rejected decisions`, () => {
      for (const status of ["approved", "rejected"] as const) {
        const { html, text } = renderEmail({
          template: "credit-decision",
          idempotencyKey: "k",
          to: "a@example.com",
          data: { learnerName: "Ada", courseTitle: "C", providerName: "P", status, statusUrl: url, providerUrl: url },
        });
        expect(html).not.toContain("<a ");
        expect(html).not.toContain("href");
        expect(html).toContain(`<bdi>${escapeHtml(url)}</bdi>`);
        expect(text).toContain(url);
      }
    });
  }

  it("§10 http and https URLs become links, normalized", () => {
    expect(toHttpUrl("HTTPS://ASU.example.edu/a b")).toBe("https://asu.example.edu/a%20b");
    expect(toHttpUrl("http://asu.example.edu")).toBe("http://asu.example.edu/");
    expect(toHttpUrl("javascript:alert(1)")).toBeUndefined();
    expect(toHttpUrl("not a url")).toBeUndefined();
  });
});

describe("subjects (§10, header injection)", () => {
  it("§10 CR/LF in a course title do not reach the subject", () => {
    const { subject } = renderEmail({
      template: "deadline-reminder",
      idempotencyKey: "k",
      to: "a@example.com",
      data: {
        learnerName: "Ada",
        courseTitle: "Circuits\r\nBcc: victim@example.com\r\n\r\n<b>x</b>",
        deadline: new Date("2027-07-01T00:00:00Z"),
        daysLeft: 7,
        providers: [],
        timeZone: "UTC",
      },
    });
    expect(subject).toBe("7 days left to purchase credit for Circuits Bcc: victim@example.com <b>x</b>");
  });

  it("§10 every control character and line separator becomes a space", () => {
    expect(stripControls("a\r\nb\u0000c\u0085d\u2028e\u2029f\tg\u007Fh")).toBe("a b c d e f g h");
  });
});

describe("laws of the renderers", () => {
  it("only the template's own tags appear in the HTML, whatever the values (no value can open a tag or leave an attribute)", () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const { html } = renderEmail(message);
        for (const tag of tagsOf(html)) expect(tag).toMatch(TEMPLATE_TAG);
        expect(withoutTags(html)).not.toMatch(/[<>]/);
      }),
      { numRuns: 500 },
    );
  });

  it("escaping is lossless: the HTML body, read back as text, is exactly the plain-text body", () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const { html, text } = renderEmail(message);
        expect(htmlBodyAsText(html)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("the subject is a single line: it never contains a control character or line separator", () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        expect(renderEmail(message).subject).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/);
      }),
      { numRuns: 500 },
    );
  });

  it("no value leaves a bidi embedding, override or isolate open: every output is already balanced", () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const { html, text, subject } = renderEmail(message);
        expect(html).not.toMatch(BIDI_CONTROL);
        const shown = decodeEntities(html);
        for (const output of [shown, text, subject]) expect(isBidiBalanced(output)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("balanceBidi balances, is idempotent and only adds or drops bidi formatting characters", () => {
    const strip = (s: string): string => s.replace(new RegExp(BIDI_CONTROL.source, "g"), "");
    fc.assert(
      fc.property(anyText, (value) => {
        const balanced = balanceBidi(value);
        expect(isBidiBalanced(balanced)).toBe(true);
        expect(balanceBidi(balanced)).toBe(balanced);
        expect(strip(balanced)).toBe(strip(value));
      }),
    );
  });
});

describe("balanceBidi", () => {
  it("closes an open override at the end of the value", () => {
    expect(balanceBidi(`a${RLO}b`)).toBe(`a${RLO}b${PDF}`);
  });

  it("drops terminators without an opener", () => {
    expect(balanceBidi(`${PDF}a${PDI}`)).toBe("a");
  });

  it("lets a PDI close its isolate and every embedding opened inside it", () => {
    expect(balanceBidi(`\u2067${RLO}x${PDI}y`)).toBe(`\u2067${RLO}x${PDI}y`);
  });

  it("does not let a PDF close an isolate", () => {
    expect(balanceBidi(`\u2066x${PDF}`)).toBe(`\u2066x${PDI}`);
  });
});
