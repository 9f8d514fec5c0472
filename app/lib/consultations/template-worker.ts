/**
 * The template parse worker's entry (worker_threads): parses and validates template text and, when
 * asked, numbers it, off the request thread. Started by template-parse.server.ts with memory limits;
 * one job at a time; killed and replaced if a job runs past its time.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { parseTemplateText } from "../../../consultation/file.server";
import { cappedPreview, numberingPreview } from "./numbering";

export interface ParseJob {
  id: number;
  text: string;
  fileName: string;
  preview: boolean;
  draft?: boolean;
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
  const result = parseTemplateText(job.text, job.fileName, { draft: !!job.draft });
  // A preview sends back only the (capped) numbering: copying the template to the request thread costs it time.
  const answer = !result.ok
    ? { ok: false, problems: result.problems }
    : job.preview
      ? { ok: true, preview: cappedPreview(numberingPreview(result.template)) }
      : { ok: true, template: result.template, hash: result.hash };
  parentPort!.postMessage({ id: job.id, result: answer });
});
