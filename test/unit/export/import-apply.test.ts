/** Applying an import to the database: one transaction, optimistic versions, source "import". */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAnswers, getResponse, listRevisions, saveAnswer } from "../../../db/queries/responses";
import { applyImport, planImport, withDryRunVersions, type ImportChange } from "../../../export/import";
import { toMarkdown } from "../../../export/markdown";
import { buildDocument } from "../../../export/model";
import { openDemoDb, type DemoDb } from "../../support/demo-db";

let demo: DemoDb;
beforeEach(async () => (demo = await openDemoDb()));
afterEach(() => demo.close());

async function currentMarkdown(): Promise<string> {
  const response = (await getResponse(demo.db, demo.organisationId, demo.responseId))!;
  const answers = new Map([...(await getAnswers(demo.db, demo.organisationId, demo.responseId))].map(([k, a]) => [k, a.value]));
  return toMarkdown(buildDocument({ template: response.consultation.template, answers, organisationName: response.organisationName, date: "2024-01-01" }));
}

async function plan(markdown: string): Promise<ImportChange[]> {
  const template = (await getResponse(demo.db, demo.organisationId, demo.responseId))!.consultation.template;
  const result = planImport(template, (await getAnswers(demo.db, demo.organisationId, demo.responseId)), markdown);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.changes;
}

const target = () => ({ organisationId: demo.organisationId, responseId: demo.responseId, userId: null });
const editedMarkdown = async () =>
  (await currentMarkdown()).replace("  - Maja Elisabeth Mikkelsen", "  - Kari Nordmann").replace("  - Norsk medisinstudentforening\n", "  - NMF\n");

describe("applyImport", () => {
  it("saves each changed answer as a new revision with source import", async () => {
    const changes = await plan((await editedMarkdown()));
    expect(changes.map((c) => c.key)).toEqual(["avsender-navn", "utfyller-navn"]);
    const result = await applyImport(demo.db, target(), changes);
    expect(result.conflicts).toEqual([]);
    const answers = await getAnswers(demo.db, demo.organisationId, demo.responseId);
    expect(answers.get("utfyller-navn")).toMatchObject({ value: "Kari Nordmann", version: 2 });
    expect((await listRevisions(demo.db, demo.organisationId, demo.responseId, "utfyller-navn")).map((r) => r.source)).toEqual(["seed", "import"]);
    expect((await plan((await currentMarkdown())))).toEqual([]);
  });

  it("an answer saved after the dry run is a conflict and keeps the other person's value", async () => {
    const file = await editedMarkdown();
    const dryRun = await plan(file);
    const versions = Object.fromEntries([...(await getAnswers(demo.db, demo.organisationId, demo.responseId))].map(([k, a]) => [k, a.version]));
    await saveAnswer(demo.db, { ...target(), key: "utfyller-navn", value: "Someone Else", baseVersion: 1 });
    // The confirm step re-plans against the database, then uses the versions seen at dry-run time.
    const confirmed = withDryRunVersions((await plan(file)), versions);
    expect(confirmed.map((c) => c.key)).toEqual(dryRun.map((c) => c.key));
    const result = await applyImport(demo.db, target(), confirmed);
    expect(result.conflicts.map((c) => [c.change.key, c.current])).toEqual([["utfyller-navn", "Someone Else"]]);
    expect(result.saved.map((c) => c.key)).toEqual(["avsender-navn"]);
    expect((await getAnswers(demo.db, demo.organisationId, demo.responseId)).get("utfyller-navn")?.value).toBe("Someone Else");
  });

  it("a failure part-way writes nothing at all", async () => {
    const [first] = await plan((await editedMarkdown()));
    const broken: ImportChange = { ...first!, key: "utfyller-navn", after: null as unknown as string };
    await expect(applyImport(demo.db, target(), [first!, broken])).rejects.toThrow();
    expect((await getAnswers(demo.db, demo.organisationId, demo.responseId)).get("avsender-navn")?.value).toBe("Norsk medisinstudentforening");
  });
});
