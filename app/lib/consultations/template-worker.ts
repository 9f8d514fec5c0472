/**
 * The template parse worker's entry (worker_threads): parses and validates template text and, when
 * asked, numbers it, off the request thread. Started by template-parse.server.ts with memory limits;
 * one job at a time; killed and replaced if a job runs past its time.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { parseTemplateText } from "../../../consultation/file.server";
import { stringify } from "yaml";
import { draftFromForm } from "./editor";
import { MAX_TEMPLATE_BYTES } from "./forms";
import { cappedPreview, numberingPreview } from "./numbering";

export type ParseJob = { id: number; preview: boolean; draft?: boolean } & ({ text: string; fileName: string } | { raw: ArrayBuffer; kind: "source" | "editor" });

/**
 * A preview post's raw body (URL-encoded) to template text: the text editors' `source` field, or
 * the form editor's `t.*` fields built into its draft and written as YAML. Undefined: no usable text.
 */
function textOfBody(raw: ArrayBuffer, kind: "source" | "editor"): string | undefined {
  const fields = new URLSearchParams(new TextDecoder().decode(raw));
  if (kind === "editor") return stringify(draftFromForm(fields.entries()), { lineWidth: 0 });
  const source = fields.get("source");
  return source !== null && source.length <= MAX_TEMPLATE_BYTES ? source : undefined;
}

/**
 * Lowest CPU priority for this thread (Linux: a thread id is a valid target of setpriority): on a
 * busy machine the request thread still gets the CPU first, so a long parse costs others nothing.
 */
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 19);
} catch {
  /* not Linux, or not allowed: the time limit and the heap limit still bound the work */
}

parentPort?.on("message", (job: ParseJob) => {
  const text = "raw" in job ? textOfBody(job.raw, job.kind) : job.text;
  if (text === undefined) {
    parentPort!.postMessage({ id: job.id, result: { ok: false, problems: [{ path: "(file)", message: "too large or missing" }] } });
    return;
  }
  const result = parseTemplateText(text, "raw" in job ? "template.yaml" : job.fileName, { draft: !!job.draft });
  // A preview sends back only the (capped) numbering: copying the template to the request thread costs it time.
  const answer = !result.ok
    ? { ok: false, problems: result.problems }
    : job.preview
      ? { ok: true, preview: cappedPreview(numberingPreview(result.template)) }
      : { ok: true, template: result.template, hash: result.hash };
  parentPort!.postMessage({ id: job.id, result: answer });
});
