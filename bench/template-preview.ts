/**
 * `npm run bench:template`: does a 1 MB template preview delay another person's request?
 * Starts the built server, signs in ten times alone, then ten times while two clients post 1 MB
 * previews back to back, and prints both medians side by side with the difference (goal: ≤ 100 ms,
 * issue 24). A benchmark, not a test: wall-clock figures belong where a busy machine cannot turn
 * them red (the test suite checks the bounds' behaviour in test/e2e/template-bounds.test.ts).
 *
 * First it prints what one 1 MB preview post costs the request thread itself, measured in this
 * process (less at the mercy of other load than the sign-in figures): decoding the body as a form,
 * checking the text and copying it to the worker (before Decision 68), against reading the bytes,
 * finding `intent=preview` and transferring them (now).
 */
import { bigTemplate } from "../test/support/big-template";
import { signIn, startServer } from "../test/support/server";
import { isPreviewBody } from "../app/lib/consultations/preview-body.server";
import { MAX_TEMPLATE_BYTES } from "../app/lib/consultations/forms";

const NEW = "/o/nmf-demo/consultations/new";
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;


/** The request thread's part of one preview post, before and now (median of 21 runs). */
async function requestThreadCost(body: string) {
  const request = () => new Request("http://localhost/p", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  const time = async (work: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 21; i++) {
      const req = request();
      const started = performance.now();
      await work.call(req);
      runs.push(performance.now() - started);
    }
    return median(runs);
  };
  const before = await time(async function (this: Request) {
    const form = await this.formData();
    const source = String(form.get("source"));
    if (source.length > MAX_TEMPLATE_BYTES) throw new Error("too large");
    structuredClone(source); // postMessage copies the text to the worker
  });
  const now = await time(async function (this: Request) {
    const raw = await this.arrayBuffer();
    if (!isPreviewBody(new Uint8Array(raw))) throw new Error("not a preview");
    structuredClone(raw, { transfer: [raw] }); // postMessage moves the bytes
  });
  console.log("| request thread per 1 MB preview post | before (decode form, copy text) | now (raw bytes, transfer) |");
  console.log("|---|---|---|");
  console.log(`| median of 21 | ${before.toFixed(1)} ms | ${now.toFixed(1)} ms |`);
  console.log("");
}
await requestThreadCost(new URLSearchParams({ intent: "preview", source: bigTemplate() }).toString());

const server = await startServer();
try {
  const cookie = await signIn(server.url, "sekretariat@demo.no");
  const body = new URLSearchParams({ intent: "preview", source: bigTemplate() }).toString();
  const preview = async () => {
    const res = await fetch(`${server.url}${NEW}.data`, { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body, redirect: "manual" });
    await res.text();
    if (res.status !== 200) throw new Error(`preview answered ${res.status}`);
  };
  const timedSignIn = async () => {
    const started = performance.now();
    await signIn(server.url, "medlem@demo.no");
    return performance.now() - started;
  };
  await preview();
  await timedSignIn();
  const alone: number[] = [];
  for (let i = 0; i < 10; i++) alone.push(await timedSignIn());
  let running = true;
  let previews = 0;
  const loop = async () => {
    while (running) {
      await preview();
      previews++;
    }
  };
  const loops = [loop(), loop()];
  const during: number[] = [];
  for (let i = 0; i < 10; i++) during.push(await timedSignIn());
  running = false;
  await Promise.all(loops);
  const extra = median(during) - median(alone);
  console.log("| sign-in median alone | during 1 MB previews | difference | previews served | goal |");
  console.log("|---|---|---|---|---|");
  console.log(`| ${median(alone).toFixed(0)} ms | ${median(during).toFixed(0)} ms | ${extra.toFixed(0)} ms | ${previews} | ≤ 100 ms: ${extra <= 100 ? "met" : "missed"} |`);
} finally {
  await server.stop();
}
