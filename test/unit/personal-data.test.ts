/**
 * The personal-data detector (consultation/personal-data.ts): e-mails, Norwegian phone numbers,
 * fødselsnummer/D-numbers with both check digits computed here, names; and findings named by item.
 */
import { describeGrowth, growth, isLinear } from "../support/linear";
import { describe, expect, it } from "vitest";
import { formItems } from "../../consultation/form";
import { findPersonalData, findPersonalDataInAnswers, isValidNationalId } from "../../consultation/personal-data";
import { loadDemoAnswers, loadTemplateFile } from "../support/demo-export";

/** Builds a valid fødselsnummer for a birth date and individual number by computing the check digits. */
function nationalId(ddmmyy: string, individual: string): string | undefined {
  const d = [...(ddmmyy + individual)].map(Number);
  const k = (weights: number[], digits: number[]) => {
    const r = 11 - (weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = k([3, 7, 6, 1, 8, 9, 4, 5, 2], d);
  if (k1 === 10) return undefined;
  const k2 = k([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...d, k1]);
  if (k2 === 10) return undefined;
  return `${ddmmyy}${individual}${k1}${k2}`;
}

/** The first individual numbers from `start` that give valid check digits. */
function validIds(ddmmyy: string, count: number, start = 100): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++) {
    const id = nationalId(ddmmyy, String(n).padStart(3, "0"));
    if (id) out.push(id);
  }
  return out;
}

describe("fødselsnummer", () => {
  it("accepts numbers whose two check digits are right, also as D-numbers (day + 40)", () => {
    for (const id of [...validIds("010190", 5), ...validIds("311299", 3, 500), ...validIds("410190", 3)]) expect(isValidNationalId(id), id).toBe(true);
  });

  it("refuses a wrong first or second check digit, impossible dates and wrong lengths", () => {
    const id = validIds("150585", 1)[0]!;
    const flip = (s: string, i: number) => s.slice(0, i) + String((Number(s[i]) + 1) % 10) + s.slice(i + 1);
    expect(isValidNationalId(flip(id, 9))).toBe(false);
    expect(isValidNationalId(flip(id, 10))).toBe(false);
    expect(isValidNationalId(nationalId("321390", "123") ?? "32139012345")).toBe(false);
    expect(isValidNationalId("0101901234")).toBe(false);
    expect(isValidNationalId("00000000000")).toBe(false);
  });

  it("is found in text with or without the space after the date, not inside longer numbers", () => {
    const id = validIds("010190", 1)[0]!;
    expect(findPersonalData(`Fnr ${id}.`)).toEqual([{ kind: "nationalId", match: id, index: 4 }]);
    expect(findPersonalData(`Fnr ${id.slice(0, 6)} ${id.slice(6)}`)[0]).toMatchObject({ kind: "nationalId" });
    expect(findPersonalData(`konto 9${id}`)).toEqual([]);
    // An 11-digit number with bad check digits is not a fødselsnummer (and not a phone number).
    const bad = id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
    expect(findPersonalData(`nr ${bad}`)).toEqual([]);
  });
});

describe("phone numbers", () => {
  it.each(["92233444", "922 33 444", "92 23 34 44", "+47 92233444", "+4792233444", "0047 922 33 444", "22 33 44 55"])("finds %s", (phone) => {
    expect(findPersonalData(`Ring ${phone} i dag`)).toEqual([{ kind: "phone", match: phone, index: 5 }]);
  });
  it.each(["12345678", "2021", "20/46682", "123456789", "1 234 567", "kapittel 3.4", "6mnd", "18 mnd", "01.03.2021"])("ignores %s", (text) => {
    expect(findPersonalData(`Se ${text} her`)).toEqual([]);
  });
});

describe("e-mail addresses", () => {
  it("finds addresses without the sentence's full stop", () => {
    expect(findPersonalData("Skriv til kari.nordmann@example.no. Takk")).toEqual([{ kind: "email", match: "kari.nordmann@example.no", index: 10 }]);
    expect(findPersonalData("a@b")).toEqual([]);
    expect(findPersonalData("@handle og e@post")).toEqual([]);
  });
  it("stays linear on hostile input (12,500 against 200,000 characters)", async () => {
    for (const make of [(n: number) => `a@${".".repeat(n)}@${"a".repeat(n)}`, (n: number) => "1 ".repeat(n)]) {
      const texts = new Map([12_500, 200_000].map((n) => [n, make(n)]));
      const g = await growth((n) => findPersonalData(texts.get(n)!), 12_500, 16);
      expect(isLinear(g), describeGrowth(g)).toBe(true);
    }
  });
});

describe("names (optional input)", () => {
  it("matches whole names in any case, not inside other words", () => {
    expect(findPersonalData("Styret v/ kari nordmann og Kari Nordmannsen", { names: ["Kari Nordmann", "Al"] })).toEqual([
      { kind: "name", match: "kari nordmann", index: 10 },
    ]);
  });
});

describe("findings in a response's answers", () => {
  const template = loadTemplateFile();
  const items = formItems(template);
  it("the demo answer (as published) has none", () => {
    const answers = loadDemoAnswers();
    expect(findPersonalDataInAnswers(items, (k) => answers[k])).toEqual([]);
  });
  it("names the item number and key of each finding; option answers are not read", () => {
    const text = "Kontakt ola@example.no eller 922 33 444.";
    const answers = { ...loadDemoAnswers(), "kap3-tiltak-1.feedback": text };
    const findings = findPersonalDataInAnswers(items, (k) => answers[k as keyof typeof answers], { extra: [{ key: "cover.text", text: "Tlf. 22334455" }] });
    const item = items.find((i) => i.key === "kap3-tiltak-1.feedback")!;
    expect(findings).toEqual([
      { key: "kap3-tiltak-1.feedback", number: String(item.number), kind: "email", match: "ola@example.no", index: text.indexOf("ola") },
      { key: "kap3-tiltak-1.feedback", number: String(item.number), kind: "phone", match: "922 33 444", index: text.indexOf("922") },
      { key: "cover.text", kind: "phone", match: "22334455", index: 5 },
    ]);
  });
});
