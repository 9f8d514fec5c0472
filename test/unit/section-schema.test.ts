import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { translator } from "~/lib/i18n";
import type { FormItem } from "../../consultation/form";
import { sectionSchema } from "~/lib/section-form/section-schema";
import { lis1Section } from "../support/fixtures";

const t = translator("nb");
const kap3 = lis1Section("kap3");
const sender = lis1Section("sender");

/** Posts `entries`; every answer field without its `v.<field>` gets version 0, as the page would send. */
function parse(items: FormItem[], entries: [string, string][], { addVersions = true } = {}) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  if (addVersions)
    for (const [name] of entries) {
      const field = name.split(".")[0]!;
      if (name.startsWith("v.") || name === "intent" || name === "autosave" || data.has(`v.${field}`)) continue;
      data.append(`v.${field}`, "0");
    }
  return parseWithZod(data, { schema: sectionSchema(items, t) });
}

function errorsOf(submission: ReturnType<typeof parse>): string[] {
  return submission.status === "error" ? Object.values(submission.error ?? {}).flatMap((e) => e ?? []) : [];
}

const rank = (measure: number, value: string): [string, string] => [`kap3__priority.kap3-tiltak-${measure}`, value];

describe("section schema: rankings", () => {
  it("orders a valid ranking by rank", () => {
    const s = parse(kap3.items, [["v.kap3__priority", "0"], rank(3, "2"), rank(1, "1"), rank(5, "3"), rank(2, "")]);
    expect(s.status).toBe("success");
    if (s.status === "success") expect(s.value.kap3__priority).toEqual(["kap3-tiltak-1", "kap3-tiltak-3", "kap3-tiltak-5"]);
  });

  it("accepts fewer ranks than the limit and no ranks at all", () => {
    expect(parse(kap3.items, [rank(2, "1")]).status).toBe("success");
    const none = parse(kap3.items, [["v.kap3__priority", "3"]]);
    expect(none.status).toBe("success");
  });

  it.each([
    ["a rank used twice", [rank(1, "1"), rank(2, "1")], "Rangering 1 er brukt mer enn én gang."],
    ["a measure ranked twice", [rank(1, "1"), rank(1, "2")], "Tiltak 19.1 er rangert to ganger."],
    ["more ranks than allowed", [rank(1, "1"), rank(2, "2"), rank(3, "3"), rank(4, "4")], "Rangering «4» er ugyldig; bruk 1 til 3."],
    ["more measures than allowed", [rank(1, "1"), rank(2, "2"), rank(3, "3"), rank(4, "3")], "Du kan angi inntil 3 tiltak."],
    ["a gap (rank 2 without rank 1)", [rank(1, "2")], "Rangering 2 er brukt uten rangering 1. Start med 1 og hopp ikke over noen."],
    ["an unknown measure", [["kap3__priority.kap9-tiltak-1", "1"]], "Ukjent tiltak: kap9-tiltak-1."],
    ["a rank that is not a number", [rank(1, "først")], "Rangering «først» er ugyldig; bruk 1 til 3."],
  ] as [string, [string, string][], string][])("rejects %s", (_name, entries, message) => {
    const s = parse(kap3.items, entries);
    expect(s.status).toBe("error");
    expect(errorsOf(s)).toContain(message);
  });
});

describe("section schema: other fields", () => {
  it("rejects a malformed e-mail and accepts a good one", () => {
    expect(errorsOf(parse(sender.items, [["avsender-epost", "nmf(at)example"]]))).toEqual([
      "Skriv en gyldig e-postadresse, f.eks. navn@eksempel.no.",
    ]);
    expect(parse(sender.items, [["avsender-epost", "post@medisinstudent.no"]]).status).toBe("success");
  });

  it("rejects text over its limit, counting characters not bytes", () => {
    const limited = kap3.items.map((item) => (item.key === "kap3-tiltak-1.feedback" ? { ...item, maxLength: 10 } : item));
    expect(parse(limited, [["kap3-tiltak-1__feedback", "æøåæøåæøåæ"]]).status).toBe("success");
    expect(errorsOf(parse(limited, [["kap3-tiltak-1__feedback", "æøåæøåæøåæø"]]))).toEqual(["Teksten er for lang: 11 tegn, maks 10."]);
  });

  it("rejects an answer to a question the template does not have", () => {
    const s = parse(kap3.items, [["kap3-tiltak-99__support", "yes"]], { addVersions: false });
    expect(errorsOf(s)).toEqual(["Skjemaet har ikke dette spørsmålet. (kap3-tiltak-99__support)"]);
    const v = parse(kap3.items, [["v.other-question", "1"]]);
    expect(errorsOf(v)).toEqual(["Skjemaet har ikke dette spørsmålet. (other-question)"]);
  });

  it("rejects a yes/no other than Ja or Nei and an unknown choice", () => {
    expect(errorsOf(parse(kap3.items, [["kap3-tiltak-1__support", "kanskje"]]))).toEqual(["Velg Ja eller Nei."]);
    expect(errorsOf(parse(sender.items, [["avsender-type", "regjeringen"]]))).toEqual(["Velg et av alternativene."]);
  });

  it("speaks English when asked", () => {
    const data = new FormData();
    data.append("avsender-epost", "x");
    data.append("v.avsender-epost", "0");
    const s = parseWithZod(data, { schema: sectionSchema(sender.items, translator("en")) });
    expect(errorsOf(s)).toEqual(["Enter a valid e-mail address, e.g. name@example.org."]);
  });
});

describe("section schema: line breaks", () => {
  it("stores text area posts (CRLF) with LF line breaks", () => {
    const s = parse(kap3.items, [["kap3-tiltak-1__feedback", "Første avsnitt.\r\n\r\nAndre avsnitt."]]);
    expect(s.status).toBe("success");
    if (s.status === "success") expect(s.value["kap3-tiltak-1__feedback"]).toBe("Første avsnitt.\n\nAndre avsnitt.");
  });
});

describe("section schema: versions", () => {
  it.each([["abc"], ["-1"], ["1.5"], [""], [" 7"], ["0x10"], ["1e3"], ["99999999999999999999"], ["9007199254740993"]])("refuses the version %j", (version) => {
    const s = parse(kap3.items, [["kap3-tiltak-1__feedback", "x"], ["v.kap3-tiltak-1__feedback", version]]);
    expect(errorsOf(s)).toContain(t("validation.badVersion"));
  });

  it("refuses an answer posted without the version it builds on", () => {
    const s = parse(kap3.items, [["kap3-tiltak-1__feedback", "x"]], { addVersions: false });
    expect(errorsOf(s)).toEqual([t("validation.missingVersion")]);
  });

  it("accepts a plain version", () => {
    const s = parse(kap3.items, [["kap3-tiltak-1__feedback", "x"], ["v.kap3-tiltak-1__feedback", "12"]]);
    expect(s.status).toBe("success");
    if (s.status === "success") expect(s.value.v).toEqual({ "kap3-tiltak-1__feedback": 12 });
  });
});
