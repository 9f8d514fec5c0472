import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { listConsultations } from "../../db/queries/consultations";
import { getResponse, startResponse } from "../../db/queries/responses";
import { organisations } from "../../db/schema";
import { InvalidTemplatesError, loadTemplates } from "../../db/templates";

function tempDir() {
  return mkdtempSync(path.join(tmpdir(), "hs-load-"));
}

describe("loading templates into the database", () => {
  it("is idempotent, versions changed content, and keeps responses on their version", async () => {
    const dir = tempDir();
    const file = path.join(dir, "lis1.yaml");
    const original = readFileSync("templates/lis1-evaluering-2021.yaml", "utf8");
    writeFileSync(file, original);
    const db = openDatabase(path.join(dir, "db.sqlite"));

    const [first] = await loadTemplates(db, [file]);
    expect(first).toMatchObject({ id: "lis1-evaluering-2021", created: true });
    // Comments and formatting do not make a new version.
    writeFileSync(file, "# a new comment\n" + original);
    expect((await loadTemplates(db, [file]))[0]).toEqual({ ...first, created: false });

    const org = (await db.insert(organisations).values({ name: "Org", slug: "org" }).returning())[0]!;
    const responseId = await startResponse(db, org.id, first!.versionId, null);

    writeFileSync(file, original.replace("deadline: 2021-03-01", "deadline: 2021-03-15"));
    const [second] = await loadTemplates(db, [file]);
    expect(second!.created).toBe(true);
    expect(second!.versionId).not.toBe(first!.versionId);
    expect((await listConsultations(db))[0]!.template.deadline).toBe("2021-03-15");
    expect((await getResponse(db, org.id, responseId))!.consultation.template.deadline).toBe("2021-03-01");
  });

  it("refuses to load anything when one template is invalid", async () => {
    const dir = tempDir();
    const good = path.join(dir, "a.yaml");
    const bad = path.join(dir, "b.yaml");
    writeFileSync(good, readFileSync("templates/lis1-evaluering-2021.yaml", "utf8"));
    writeFileSync(bad, "id: other\ntitle: Other\n");
    const db = openDatabase(path.join(dir, "db.sqlite"));
    await expect(loadTemplates(db, [good, bad])).rejects.toThrow(InvalidTemplatesError);
    await expect(loadTemplates(db, [good, bad])).rejects.toThrow(/b\.yaml: issuer: required/);
    expect((await listConsultations(db))).toEqual([]);
  });
});
