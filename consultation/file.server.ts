/** Reads template files (YAML or JSON) from disk and validates them. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { validateTemplate, type Template, type TemplateProblem } from "./schema";

export const TEMPLATES_DIR = path.resolve(process.env.TEMPLATES_DIR ?? "templates");

export type TemplateFileResult =
  | { ok: true; file: string; template: Template; hash: string }
  | { ok: false; file: string; problems: TemplateProblem[] };

export function parseTemplateText(text: string, file: string): TemplateFileResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length)
    return {
      ok: false,
      file,
      problems: doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}` : "(file)",
        message: e.message.split("\n")[0] ?? e.message,
      })),
    };
  const result = validateTemplate(doc.toJS());
  if (!result.ok) return { ok: false, file, problems: result.problems };
  // Hash the validated content, so comments and formatting changes do not create new versions.
  const hash = createHash("sha256").update(JSON.stringify(result.template)).digest("hex");
  return { ok: true, file, template: result.template, hash };
}

export function readTemplateFile(file: string): TemplateFileResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, file, problems: [{ path: "(file)", message: (error as Error).message }] };
  }
  return parseTemplateText(text, file);
}

export function templateFiles(dir = TEMPLATES_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

export function formatProblems(result: Extract<TemplateFileResult, { ok: false }>): string {
  const rel = path.relative(process.cwd(), result.file) || result.file;
  return result.problems.map((p) => `${rel}: ${p.path}: ${p.message}`).join("\n");
}
