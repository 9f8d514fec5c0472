import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseTemplateText } from "../../consultation/file.server";
import { parseUnmappedKey, planMove, unmappedKey } from "../../consultation/move";
import { validateTemplate } from "../../consultation/schema";
import { openDatabase } from "../../db/client";
import {
  createConsultation,
  getVisibleConsultation,
  isStartable,
  listConsultations,
  listVisibleConsultations,
  newerVersionFor,
  saveConsultationSource,
  updateConsultation,
} from "../../db/queries/consultations";
import { moveResponse, planResponseMove } from "../../db/queries/move-response";
import { getAnswers, listRevisions, saveAnswer, startResponse } from "../../db/queries/responses";
import { consultationVersions, organisations } from "../../db/schema";
import { loadTemplates } from "../../db/templates";
import { numberingPreview, templateFileText } from "~/lib/consultations/consultations.server";

const SMALL = readFileSync("test/fixtures/consultation-small.yaml", "utf8");

function content(text: string) {
  const r = parseTemplateText(text, "small.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { template: r.template, hash: r.hash, sourceText: text, fileName: "small.yaml" };
}

async function setup() {
  const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "hs-consult-")), "db.sqlite"));
  const a = (await db.insert(organisations).values({ name: "A", slug: "a" }).returning())[0]!;
  const b = (await db.insert(organisations).values({ name: "B", slug: "b" }).returning())[0]!;
  return { db, a: a.id, b: b.id };
}

describe("consultations added in the app", () => {
  it("a draft is private to its organisation and cannot start responses until published", async () => {
    const { db, a, b } = await setup();
    const created = await createConsultation(db, a, content(SMALL));
    expect(created).toEqual({ status: "created", id: `o${a}~studieplan-2027` });
    expect((await createConsultation(db, a, content(SMALL))).status).toBe("exists");
    // Another organisation may add the same template id: it is its own consultation.
    expect((await createConsultation(db, b, content(SMALL)))).toEqual({ status: "created", id: `o${b}~studieplan-2027` });

    const entry = (await getVisibleConsultation(db, a, created.id))!;
    expect(entry).toMatchObject({ status: "draft", own: true, shared: false, version: 1 });
    expect((await getVisibleConsultation(db, b, created.id))).toBeUndefined();
    expect((await listVisibleConsultations(db, b)).map((c) => c.id)).toEqual([`o${b}~studieplan-2027`]);
    expect((await listConsultations(db))).toEqual([]);
    expect((await isStartable(db, a, entry.current.id))).toBe(false);

    expect((await updateConsultation(db, a, created.id, 1, { status: "published" })).status).toBe("saved");
    expect((await updateConsultation(db, a, created.id, 1, { status: "draft" })).status).toBe("conflict");
    expect((await updateConsultation(db, b, created.id, 2, { status: "draft" })).status).toBe("notFound");
    expect((await isStartable(db, a, entry.current.id))).toBe(true);
    expect((await isStartable(db, b, entry.current.id))).toBe(false);

    // Shared by a site administrator: visible to all and in the public list.
    expect((await updateConsultation(db, a, created.id, 2, { shared: true })).status).toBe("saved");
    expect((await getVisibleConsultation(db, b, created.id))).toMatchObject({ own: false, shared: true });
    expect((await isStartable(db, b, entry.current.id))).toBe(true);
    expect((await listConsultations(db)).map((c) => c.consultationId)).toEqual([created.id]);
  });

  it("edits: stale base is a conflict; without responses the version is replaced, with responses a new one is made", async () => {
    const { db, a, b } = await setup();
    const { id } = await createConsultation(db, a, content(SMALL));
    const first = (await getVisibleConsultation(db, a, id))!.current.id;
    const edited = SMALL.replace("deadline: 2027-01-15", "deadline: 2027-02-01");
    const saved = await saveConsultationSource(db, a, id, 1, content(edited));
    expect(saved.status).toBe("saved");
    expect((await saveConsultationSource(db, a, id, 1, content(SMALL)))).toMatchObject({ status: "conflict" });
    expect((await saveConsultationSource(db, b, id, 2, content(SMALL))).status).toBe("notFound");
    const second = (await getVisibleConsultation(db, a, id))!;
    expect(second.current.template.deadline).toBe("2027-02-01");
    expect(second.current.sourceText).toBe(edited);
    // The draft's earlier version had no responses: it is gone.
    expect((await db.select().from(consultationVersions)).map((v) => v.id)).toEqual([second.current.id]);
    expect(second.current.id).not.toBe(first);

    await updateConsultation(db, a, id, 2, { status: "published" });
    const responseId = await startResponse(db, a, second.current.id, null);
    const third = await saveConsultationSource(db, a, id, 3, content(edited.replace("Eksamen\n", "Eksamen og vurdering\n")));
    expect(third.status).toBe("saved");
    const versions = await db.select().from(consultationVersions);
    expect(versions).toHaveLength(2);
    expect((await newerVersionFor(db, a, id, second.current.id))?.current.id).toBe(versions[1]!.id);
    expect((await newerVersionFor(db, b, id, second.current.id))).toBeUndefined();
    expect(responseId).toBeGreaterThan(0);
  });

  it("JSON is accepted and validates to the same content (same hash) as the YAML", () => {
    const yaml = content(SMALL);
    const json = parseTemplateText(JSON.stringify(parse(SMALL), null, 2), "small.json");
    expect(json.ok && json.hash).toBe(yaml.hash);
  });

  it("the numbering preview is the form's numbering; the download validates to the same content", async () => {
    const { db, a } = await setup();
    const { id } = await createConsultation(db, a, content(SMALL));
    const preview = numberingPreview((await getVisibleConsultation(db, a, id))!.current.template);
    expect(preview.map((s) => s.id)).toEqual(["sender", "undervisning", "eksamen", "general"]);
    expect(preview[1]!.items.map((i) => i.number)).toEqual(["2", "3", "4", "5", "6", "7"]);
    expect(preview[1]!.items[4]!.options?.map((o) => o.number)).toEqual(["6.1", "6.2"]);
    expect(preview[3]!.items[0]!.number).toBe("10");

    // A shipped template (no source text) downloads as YAML that validates to the same content.
    await loadTemplates(db, ["templates/lis1-evaluering-2021.yaml"]);
    const lis1 = (await getVisibleConsultation(db, a, "lis1-evaluering-2021"))!;
    const again = validateTemplate(parse(templateFileText(lis1)));
    expect(again.ok && JSON.stringify(again.template)).toBe(JSON.stringify(lis1.current.template));
  });
});

describe("moving a response to a newer version", () => {
  const v1 = content(SMALL).template;
  // v2: "eksamen-kommentar" removed, "muntlig" option removed, a new question; "generelt" limited to 10 characters.
  const v2Text = SMALL.replace("      - { type: text, id: eksamen-kommentar, text: Kommentarer til eksamen, maxLength: 500 }\n", "      - { type: text, id: eksamen-ny, text: Nytt spørsmål }\n")
    .replace(", { id: muntlig, label: Muntlig }", "")
    .replace("text: Generelle tilbakemeldinger }", "text: Generelle tilbakemeldinger, maxLength: 10 }");
  const v2 = content(v2Text).template;

  it("plans: maps by stable key, lists what is gone or no longer fits", () => {
    const answers = new Map([
      ["avsender-navn", { value: "Studentene", version: 1 }],
      ["eksamen-kommentar", { value: "Flere muntlige", version: 3 }],
      ["eksamen-form", { value: "muntlig", version: 1 }],
      ["generelt", { value: "Dette er for langt", version: 2 }],
      ["undervisning.priority", { value: ["undervisning-2", "undervisning-1"], version: 1 }],
    ]);
    const plan = planMove(v1, v2, answers);
    expect(plan.mapped.map((e) => [e.key, e.toNumber])).toEqual([
      ["avsender-navn", 1],
      ["undervisning.priority", 6],
    ]);
    expect(plan.unmapped.map((e) => [e.key, e.reason, e.fromNumber])).toEqual([
      ["eksamen-form", "invalid", 8],
      ["eksamen-kommentar", "gone", 9],
      ["generelt", "invalid", 10],
    ]);
    // The fingerprint changes when any answer's version does.
    const changed = new Map(answers).set("generelt", { value: "kort", version: 3 });
    expect(planMove(v1, v2, changed).fingerprint).not.toBe(plan.fingerprint);
    expect(planMove(v1, v2, changed).unmapped.map((e) => e.key)).toEqual(["eksamen-form", "eksamen-kommentar"]);
  });

  it("moves in one transaction; unmappable answers keep their history under another key", async () => {
    const { db, a, b } = await setup();
    const { id } = await createConsultation(db, a, content(SMALL));
    await updateConsultation(db, a, id, 1, { status: "published" });
    const from = (await getVisibleConsultation(db, a, id))!.current.id;
    const responseId = await startResponse(db, a, from, null);
    const save = async (key: string, value: string, baseVersion = 0) =>
      await saveAnswer(db, { organisationId: a, responseId, key, value, baseVersion, userId: null });
    await save("avsender-navn", "Studentene");
    await save("eksamen-kommentar", "Første");
    await save("eksamen-kommentar", "Andre", 1);
    expect((await saveConsultationSource(db, a, id, 2, content(v2Text))).status).toBe("saved");
    const to = (await newerVersionFor(db, a, id, from))!.current.id;

    expect((await planResponseMove(db, b, responseId, to))).toBeUndefined();
    const plan = (await planResponseMove(db, a, responseId, to))!;
    expect(plan.unmapped.map((e) => e.key)).toEqual(["eksamen-kommentar"]);
    await save("avsender-navn", "Studentene!", 1);
    expect((await moveResponse(db, a, responseId, to, plan.fingerprint)).status).toBe("stale");
    expect((await moveResponse(db, b, responseId, to, plan.fingerprint)).status).toBe("notFound");

    const fresh = (await planResponseMove(db, a, responseId, to))!;
    expect((await moveResponse(db, a, responseId, to, fresh.fingerprint)).status).toBe("moved");
    const stored = await getAnswers(db, a, responseId);
    expect(stored.get("avsender-navn")?.value).toBe("Studentene!");
    expect(stored.has("eksamen-kommentar")).toBe(false);
    const kept = unmappedKey("eksamen-kommentar", from);
    expect(parseUnmappedKey(kept)).toEqual({ key: "eksamen-kommentar", fromVersionId: from });
    expect(parseUnmappedKey("eksamen-kommentar")).toBeUndefined();
    expect((await listRevisions(db, a, responseId, kept)).map((r) => r.value)).toEqual(["Første", "Andre"]);
    // Nothing newer now.
    expect((await newerVersionFor(db, a, id, to))).toBeUndefined();
  });
});
