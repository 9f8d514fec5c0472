import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseTemplateText } from "../../consultation/file.server";
import { formItems, formSections } from "../../consultation/form";
import { starterTemplate } from "../../consultation/starter";

const run = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-new.ts", ...args]);
const dir = () => mkdtempSync(path.join(tmpdir(), "hs-new-"));

describe("npm run template:new", () => {
  it.each(["nb", "nn", "en"] as const)("writes a %s starter that validates as written, with a comment on every optional field", (language) => {
    const text = starterTemplate({ language, id: "my-hearing", deadline: "2026-12-24" });
    const result = parseTemplateText(text, "starter.yaml");
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.template).toMatchObject({ id: "my-hearing", language, deadline: "2026-12-24" });
    expect(formSections(result.template).map((s) => s.kind)).toEqual(["sender", "group", "chapter", "general"]);
    expect(formItems(result.template)).toHaveLength(13);
    for (const field of ["sourceUrl", "measureDefaults", "support: false", "feedback: false", "justification: false", "priorityLabel", "reportChapter"])
      expect(text).toContain(`# ${field}`);
  });

  it.each(["nb", "nn", "en"] as const)("%s: still validates with every commented-out field switched on", (language) => {
    const text = starterTemplate({ language, id: "my-hearing", deadline: "2026-12-24" })
      .split("\n")
      .map((line) => line.replace(/^(\s*)# ( *\w+:)/, "$1$2"))
      .join("\n");
    const result = parseTemplateText(text, "starter.yaml");
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    // The fields really were switched on: measure 2 asks nothing but its rank, no justification.
    expect(result.template.sourceUrl).toBeDefined();
    expect(formItems(result.template).map((i) => i.key)).not.toContain("chapter-1-measure-2.support");
    expect(formItems(result.template).map((i) => i.key)).not.toContain("chapter-1.justification");
  });

  it("writes the file given, with the id from its name and the language asked for", async () => {
    const file = path.join(dir(), "neste-hoering.yaml");
    const { stdout } = await run(file, "--lang", "nn");
    expect(stdout).toContain(`Wrote ${file}`);
    const result = parseTemplateText(readFileSync(file, "utf8"), file);
    expect(result.ok && [result.template.id, result.template.language]).toEqual(["neste-hoering", "nn"]);
  });

  it("refuses to overwrite an existing file", async () => {
    const file = path.join(dir(), "exists.yaml");
    writeFileSync(file, "mine");
    await expect(run(file)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("already exists; not overwritten") });
    expect(readFileSync(file, "utf8")).toBe("mine");
  });

  it("refuses an unknown language and a missing file name", async () => {
    const file = path.join(dir(), "x.yaml");
    await expect(run(file, "--lang", "de")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown language "de"') });
    expect(existsSync(file)).toBe(false);
    await expect(run()).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("missing the file") });
  });
});
