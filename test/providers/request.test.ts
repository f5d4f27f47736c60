import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toRequestId } from "../../src/ids/index.js";
import { createWebCryptoHmac } from "../../src/providers/hmac.js";
import {
  buildCreditRequestParameters,
  parseCourseKey,
  signCreditRequest,
  signEdxV1,
  type CreditRequestInput,
} from "../../src/providers/index.js";
import { formatFinalGrade } from "../../src/providers/request.js";

const [requestVector] = JSON.parse(readFileSync(new URL("./edx-v1-vectors.json", import.meta.url), "utf8")) as readonly {
  readonly params: Record<string, string>;
  readonly key: string;
  readonly signature: string;
}[];
if (requestVector === undefined) throw new Error("no request vector");

const bob: CreditRequestInput = {
  requestId: toRequestId("557168d0f7664fe59097106c67c3f847"),
  now: new Date("2015-06-18T12:47:10.999Z"),
  course: { org: "HogwartsX", number: "Potions101", run: "1T2015" },
  enrolledAt: new Date(1430000000 * 1000),
  eligibleAt: new Date(1433000000 * 1000),
  finalGrade: 0.95,
  learner: { username: "bob", email: "bob@example.com", fullName: "Bob", country: "US" },
};

describe("§9 credit request parameters, exactly as Open edX sends them", () => {
  it("§9 builds the Open edX reference parameters field for field", () => {
    expect(buildCreditRequestParameters(bob)).toEqual(requestVector.params);
  });

  it("§9 has exactly the Open edX parameter names, all strings", () => {
    const params = buildCreditRequestParameters(bob);
    expect(Object.keys(params).sort()).toEqual([
      "course_completion_timestamp",
      "course_num",
      "course_org",
      "course_run",
      "enrollment_timestamp",
      "final_grade",
      "request_uuid",
      "timestamp",
      "user_country",
      "user_email",
      "user_full_name",
      "user_mailing_address",
      "user_username",
    ]);
    for (const value of Object.values(params)) expect(typeof value).toBe("string");
  });

  it("§9 timestamps are whole epoch seconds (floored)", () => {
    expect(buildCreditRequestParameters(bob).timestamp).toBe("1434631630");
  });

  it('§9 missing enrollment, eligibility, grade and country are ""; the mailing address is always ""', () => {
    const params = buildCreditRequestParameters({
      requestId: bob.requestId,
      now: bob.now,
      course: bob.course,
      learner: { username: "bob", email: "bob@example.com", fullName: "Bob" },
    });
    expect(params.enrollment_timestamp).toBe("");
    expect(params.course_completion_timestamp).toBe("");
    expect(params.final_grade).toBe("");
    expect(params.user_country).toBe("");
    expect(params.user_mailing_address).toBe("");
  });

  it("§9 the course parts come from parseCourseKey", () => {
    const key = parseCourseKey("course-v1:MITx+6.002x+2026_T1");
    if (!key.ok) throw new Error("course key refused");
    const params = buildCreditRequestParameters({ ...bob, course: key.value });
    expect([params.course_org, params.course_num, params.course_run]).toEqual(["MITx", "6.002x", "2026_T1"]);
  });

  it("§9 the built reference parameters sign to the Open edX signature", async () => {
    expect(await signEdxV1(buildCreditRequestParameters(bob), requestVector.key)).toBe(requestVector.signature);
  });
});

describe("§9 final_grade: String(g), or 5 decimals when that is over 7 characters", () => {
  /** Open edX's own formatting (Python `str(g)` or `"{:.5f}".format(g)`), computed with Python. */
  const python: readonly (readonly [number, string])[] = [
    [0.95, "0.95"], [0.8, "0.8"], [1, "1.0"], [0, "0.0"], [0.123456789, "0.12346"], [0.015625, "0.01562"],
    [0.046875, "0.04688"], [0.984375, "0.98438"], [1 / 3, "0.33333"], [0.1 + 0.2, "0.30000"], [0.00001, "1e-05"],
    [0.0001, "0.0001"], [0.1234567, "0.12346"], [0.123456, "0.12346"], [0.12345, "0.12345"], [0.999995, "0.99999"],
    [0.999999, "1.00000"], [0.85, "0.85"], [0.5, "0.5"], [0.25, "0.25"], [0.75, "0.75"], [0.125, "0.125"],
    [0.375, "0.375"], [0.0000012, "1.2e-06"], [2 ** -20, "0.00000"], [0.9999999999, "1.00000"],
    [0.7000000000000001, "0.70000"], [0.00015625, "0.00016"], [0.001, "0.001"], [1e-7, "1e-07"],
    [0.003125, "0.00313"], [0.078125, "0.07812"], [0.109375, "0.10938"], [0.32383276483316237, "0.32383"],
    [0.15084917392450192, "0.15085"], [0.6509344730398537, "0.65093"], [0.07243628666754276, "0.07244"],
    [0.5358820043066892, "0.53588"], [0.36568891691258554, "0.36569"], [0.057998924774706806, "0.05800"],
    [0.5074357331894203, "0.50744"], [0.03749565844198488, "0.03750"], [0.4336456836623859, "0.43365"],
    [0.06985542357461894, "0.06986"], [0.09071301334386506, "0.09071"], [0.42451918914251396, "0.42452"],
    [0.8268521246720381, "0.82685"], [0.12380196114964559, "0.12380"], [0.22323896460701453, "0.22324"],
    [0.6274332224055893, "0.62743"], [0.9477089424570057, "0.94771"], [0.5771029486174987, "0.57710"],
    [0.39668047465078016, "0.39668"], [0.56, "0.56"], [0.54069, "0.54069"], [0.308482, "0.30848"],
    [0.3724, "0.3724"], [0.794379, "0.79438"], [0.495, "0.495"], [0.234375, "0.23438"], [0.828125, "0.82812"],
    [0.328125, "0.32812"], [0.671875, "0.67188"], [0.296875, "0.29688"], [0.96875, "0.96875"],
    [0.140625, "0.14062"], [0.625, "0.625"],
  ];

  for (const [grade, expected] of python) {
    it(`§9 final grade ${grade} is written "${expected}", as Open edX writes it`, () => {
      expect(formatFinalGrade(grade)).toBe(expected);
      expect(buildCreditRequestParameters({ ...bob, finalGrade: grade }).final_grade).toBe(expected);
    });
  }

  it("§9 a grade whose text fits in 7 characters is sent as that text, unrounded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99999 }), (n) => {
        const grade = n / 100000;
        const text = formatFinalGrade(grade);
        if (String(grade).length <= 7 && grade >= 0.0001) expect(text).toBe(String(grade));
      }),
    );
  });

  it("§9 is never longer than 7 characters for a grade in [1e-4, 1]", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0001, max: 1, noNaN: true }), (grade) => {
        const text = formatFinalGrade(grade);
        expect(text.length).toBeLessThanOrEqual(7);
        expect(Math.abs(Number(text) - grade)).toBeLessThanOrEqual(0.000005 + 1e-12);
      }),
    );
  });
});

describe("§7 key rotation when signing a request", () => {
  const params = buildCreditRequestParameters(bob);

  it("§7 signs with the first non-empty key", async () => {
    const r = await signCreditRequest(params, ["", requestVector.key, "older-secret"]);
    expect(r).toEqual({ ok: true, value: { ...params, signature: requestVector.signature } });
  });

  it("§7 refuses to sign without a non-empty key (unknown-provider), never echoing keys", async () => {
    const r = await signCreditRequest(params, ["", ""]);
    expect(r.ok ? "ok" : r.error.code).toBe("unknown-provider");
    expect(await signCreditRequest(params, [])).toEqual(r);
  });

  it("§7 signs with the first non-empty ASCII key: a key with any character beyond U+007F is dropped, as Open edX drops it", async () => {
    for (const nonAscii of ["clé-secrète", "secret\u0080", "ключ", "key-😀", "\u00a0"]) {
      const r = await signCreditRequest(params, [nonAscii, "", requestVector.key, "older-secret"]);
      expect(r, nonAscii).toEqual({ ok: true, value: { ...params, signature: requestVector.signature } });
    }
    // Every ASCII character counts, control characters and DEL included.
    const edge = await signCreditRequest(params, ["\u0000\u007f", requestVector.key]);
    expect(edge.ok && edge.value.signature).toBe(await signEdxV1(params, "\u0000\u007f"));
  });

  it("§7 a provider whose keys are all non-ASCII has no key: unknown-provider", async () => {
    const r = await signCreditRequest(params, ["clé", "", "ключ"]);
    expect(r).toEqual(await signCreditRequest(params, []));
    expect(!r.ok && r.error.code).toBe("unknown-provider");
    expect(JSON.stringify(r)).not.toMatch(/clé|ключ/);
  });

  it("§9 re-signing drops a previous signature instead of signing it", async () => {
    const first = await signCreditRequest(params, ["k1"]);
    if (!first.ok) throw new Error("refused");
    const again = await signCreditRequest(first.value, ["k1"]);
    expect(again).toEqual(first);
  });

  it("§9 signs the same with the Web Crypto backend", async () => {
    const r = await signCreditRequest(params, [requestVector.key], { hmac: createWebCryptoHmac() });
    expect(r.ok && r.value.signature).toBe(requestVector.signature);
  });
});
