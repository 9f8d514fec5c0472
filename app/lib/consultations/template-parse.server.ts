/**
 * Template text is parsed, validated and numbered off the request thread (Decision 55): a small
 * pool of worker_threads workers, each with a heap limit, one job at a time, and a time limit after
 * which the worker is terminated and replaced. A 1 MB template (or a hostile one) then costs a
 * worker, never the event loop that answers everyone else's requests.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { CheckOptions, Template, TemplateProblem } from "../../../consultation/schema";
import type { PreviewSection } from "./numbering";

export const PARSE_TIMEOUT_MS = Number(process.env.TEMPLATE_PARSE_TIMEOUT_MS ?? 5000);
/** Heap of one worker: a 1 MB template parses in ~60 MB. */
export const PARSE_WORKER_HEAP_MB = 192;
/** One worker: the other core stays free for everyone else's requests (two cores in production). */
const POOL_SIZE = 1;
/** Jobs waiting for a worker before new ones are refused ("busy, try again"). */
const MAX_QUEUE = 16;

export type ParsedTemplate =
  | { ok: true; template: Template; hash: string }
  | { ok: false; problems: TemplateProblem[] };
export type PreviewedTemplate = { ok: true; preview: { sections: PreviewSection[]; omitted: number } } | { ok: false; problems: TemplateProblem[] };

/**
 * What the worker reads: template text, or a preview post's raw body (Decision 68): the request
 * thread does not decode it; the worker reads its `source` field (`kind: "source"`, the text
 * editors) or builds the form editor's draft from its `t.*` fields (`kind: "editor"`).
 */
export type ParseInput = { text: string; fileName: string } | { raw: ArrayBuffer; kind: "source" | "editor" };

interface Job {
  id: number;
  input: ParseInput;
  preview: boolean;
  /** An in-app draft: a form with no questions yet passes (CheckOptions). */
  draft: boolean;
  resolve: (result: never) => void;
}
interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** The worker's file: the TypeScript source, loaded through tsx's loader (as the server itself is). */
function workerFile(): string {
  return pathToFileURL(path.resolve("app/lib/consultations/template-worker.ts")).href;
}
/** A bootstrap that registers tsx in the worker thread, then loads the worker's module. */
const bootstrap = () => `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(workerFile())}); })`;

let nextId = 1;
const slots: Slot[] = [];
const queue: Job[] = [];

const problem = (message: string): { ok: false; problems: TemplateProblem[] } => ({ ok: false, problems: [{ path: "(file)", message }] });

function start(): Slot {
  const worker = new Worker(bootstrap(), {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  worker.unref();
  const slot: Slot = { worker };
  worker.on("message", (message: { id: number; result: unknown }) => {
    if (slot.job?.id !== message.id) return;
    finish(slot, message.result);
  });
  // Out of memory or a crash: the job gets a problem, the worker is replaced.
  worker.on("error", () => replace(slot, problem(`too large to check (a worker may use at most ${PARSE_WORKER_HEAP_MB} MB)`)));
  worker.on("exit", () => replace(slot, problem("could not be checked (the checker stopped); try again")));
  return slot;
}

function finish(slot: Slot, result: unknown) {
  clearTimeout(slot.timer);
  const job = slot.job;
  slot.job = undefined;
  job?.resolve(result as never);
  pump();
}

function replace(slot: Slot, result: unknown) {
  const index = slots.indexOf(slot);
  if (index < 0) return;
  slots.splice(index, 1);
  clearTimeout(slot.timer);
  const job = slot.job;
  slot.job = undefined;
  void slot.worker.terminate().catch(() => {});
  job?.resolve(result as never);
  pump();
}

function pump() {
  while (queue.length) {
    let slot = slots.find((s) => !s.job);
    if (!slot && slots.length < POOL_SIZE) slots.push((slot = start()));
    if (!slot) return;
    const job = queue.shift()!;
    slot.job = job;
    slot.timer = setTimeout(() => replace(slot!, problem(`took longer than ${PARSE_TIMEOUT_MS / 1000} s to check (the limit for a template)`)), PARSE_TIMEOUT_MS);
    // A raw body is transferred (moved, not copied) to the worker.
    const transfer = "raw" in job.input ? [job.input.raw] : [];
    slot.worker.postMessage({ id: job.id, ...job.input, preview: job.preview, draft: job.draft }, transfer);
  }
}

function run<T>(input: ParseInput, preview: boolean, draft = false): Promise<T | { ok: false; problems: TemplateProblem[] }> {
  if (queue.length >= MAX_QUEUE) return Promise.resolve(problem("the template checker is busy; try again in a moment"));
  return new Promise((resolve) => {
    queue.push({ id: nextId++, input, preview, draft, resolve: resolve as (result: never) => void });
    pump();
  });
}

/** Parses and validates template text in a worker. */
export const parseTemplateOffThread = (text: string, fileName: string, options: CheckOptions = {}) => run<ParsedTemplate>({ text, fileName }, false, !!options.draft);
/** Parses, validates and numbers template text in a worker: only the (capped) numbering comes back. */
export const previewTemplateOffThread = (text: string, options: CheckOptions = {}) => run<PreviewedTemplate>({ text, fileName: "template.yaml" }, true, !!options.draft);
/**
 * Numbers a preview post from its raw (URL-encoded) body, read and decoded in the worker: the
 * request thread only moves the bytes (Decision 68).
 */
export const previewBodyOffThread = (raw: ArrayBuffer, kind: "source" | "editor", options: CheckOptions = {}) => run<PreviewedTemplate>({ raw, kind }, true, !!options.draft);

/** Stops the workers (tests, shutdown). */
export async function stopTemplateWorkers(): Promise<void> {
  const all = slots.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}
