/** Reads template files (YAML or JSON) from disk and validates them. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from "yaml";
import { validateTemplate, type CheckOptions, type Template, type TemplateProblem } from "./schema";

export const TEMPLATES_DIR = path.resolve(process.env.TEMPLATES_DIR ?? "templates");

export type TemplateFileResult =
  | { ok: true; file: string; template: Template; hash: string }
  | { ok: false; file: string; problems: TemplateProblem[] };

/** Hints for YAML mistakes whose intent is plain, by the `yaml` package's error code. */
const YAML_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: "indent with spaces, not tabs",
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " must be in quotes',
  DUPLICATE_KEY: "a field may appear only once in the same place",
  MISSING_CHAR: "a quote or bracket is not closed",
  BAD_INDENT: "check the indentation: entries of one list or group start in the same column",
};

/**
 * A YAML syntax error as `line L, column C` and the problem, followed by the offending line with a
 * caret. An error reported on a blank line (an unclosed bracket at the end) shows the last line
 * with text before it.
 */
export function yamlProblem(error: YAMLError, text: string): TemplateProblem {
  const message = error.message.split(/ at line \d+, column \d+/)[0]!.split("\n")[0]!;
  const hint = / end with a [\]}]/.test(message) ? "a [ or { is not closed" : YAML_HINTS[error.code];
  const withHint = hint ? `${message} (${hint})` : message;
  if (!error.linePos) return { path: "(file)", message: withHint };
  const lines = text.split(/\r?\n/);
  let { line, col } = error.linePos[0];
  while (line > 1 && !(lines[line - 1] ?? "").trim()) {
    line--;
    col = (lines[line - 1] ?? "").length + 1;
  }
  const source = lines[line - 1] ?? "";
  const gutter = `  ${line} | `;
  const frame = `\n${gutter}${source}\n${" ".repeat(gutter.length - 2)}| ${" ".repeat(Math.max(0, col - 1))}^`;
  return { path: `line ${line}, column ${col}`, message: withHint + frame, line };
}

/** The line of the node at `path`, or of its nearest ancestor that exists (a missing field: its parent). */
function lineLocator(doc: Document, lines: LineCounter) {
  return (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** A template is at most ~8 levels deep; deeper text is refused before the YAML parser sees it. */
export const MAX_TEMPLATE_NESTING = 32;
/** YAML aliases (`*name`) a template may use: each copies a subtree, so a few can expand to gigabytes. */
export const MAX_TEMPLATE_ALIASES = 50;

/**
 * Nesting beyond MAX_TEMPLATE_NESTING: flow brackets (`[[[…`) counted outside quotes, and block
 * indentation (a line indented more than two columns per level). Linear in the text, no parsing.
 */
export function nestingProblem(text: string): TemplateProblem | undefined {
  let depth = 0;
  let quote: string | null = null;
  let line = 1;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      lineStart = true;
      indent = 0;
      if (quote === "'" || quote === '"') continue;
      continue;
    }
    if (lineStart) {
      if (c === " " || c === "-") {
        indent++;
        if (indent > MAX_TEMPLATE_NESTING * 4)
          return { path: `line ${line}`, message: `nested more than ${MAX_TEMPLATE_NESTING} levels deep (the limit for a template)`, line };
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === quote && text[i - 1] !== "\\") quote = null;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf("\n", i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_TEMPLATE_NESTING) return { path: `line ${line}`, message: `nested more than ${MAX_TEMPLATE_NESTING} levels deep (the limit for a template)`, line };
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return undefined;
}

export function parseTemplateText(text: string, file: string, options: CheckOptions = {}): TemplateFileResult {
  const deep = nestingProblem(text);
  if (deep) return { ok: false, file, problems: [deep] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length) return { ok: false, file, problems: doc.errors.map((e) => yamlProblem(e, text)) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_TEMPLATE_ALIASES });
  } catch {
    // The yaml package refuses alias expansion past the count ("resource exhaustion").
    return { ok: false, file, problems: [{ path: "(file)", message: `uses YAML aliases (*name) too often: at most ${MAX_TEMPLATE_ALIASES} (the limit for a template); write the values out` }] };
  }
  const result = validateTemplate(data, lineLocator(doc, lines), options);
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
