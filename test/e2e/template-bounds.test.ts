/**
 * Templates within bounds (Decision 55), against the built server: parsing and numbering run in a
 * worker, so a 1 MB template preview does not hold up another person's sign-in; the YAML alias bomb
 * and deep nesting give a problem naming the limit, not a 500.
 */
import { bigTemplate as makeBigTemplate } from "../support/big-template";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";
import { decodeSingleFetch } from "../support/single-fetch";

let server: TestServer;
let cookie = "";
const NEW = "/o/nmf-demo/consultations/new";
/** The preview as the page's script asks for it: single fetch (`.data`), the action data as text. */
async function previewPost(source: string | { encoded: string }, decode = true): Promise<{ status: number; body: string }> {
  const res = await fetch(`${server.url}${NEW}.data`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: typeof source === "string" ? new URLSearchParams({ intent: "preview", source }).toString() : source.encoded,
    redirect: "manual",
  });
  const text = await res.text();
  return { status: res.status, body: decode ? JSON.stringify(decodeSingleFetch(text)) : "" };
}

function bigTemplate(): string {
  const text = makeBigTemplate();
  expect(text.length).toBeLessThan(1024 * 1024);
  return text;
}


beforeAll(async () => {
  // This file checks what a preview answers, not how fast: on a machine running other test files the
  // lowest-priority parse worker can need more than the production 5 s for 1 MB (the time limit's own
  // behaviour is the same whatever the number).
  server = await startServer({ TEMPLATE_PARSE_TIMEOUT_MS: "60000" });
  cookie = await signIn(server.url, "sekretariat@demo.no");
});
afterAll(async () => {
  await server?.stop();
});

describe("template previews off the request thread", () => {
  it("a 1 MB template preview is numbered (capped, the rest counted) and the server goes on serving sign-ins while previews run", async () => {
    // How much a preview delays another person's request is a figure, not a test: `npm run bench:template`.
    const big = { encoded: new URLSearchParams({ intent: "preview", source: bigTemplate() }).toString() };
    const first = await previewPost(big);
    expect(first.body, first.body.slice(0, 400)).toContain("c0-m0");
    expect(first.body).toContain("omitted");
    const previews = [previewPost(big, false), previewPost(big, false)];
    expect(await signIn(server.url, "medlem@demo.no")).toMatch(/=/);
    for (const p of await Promise.all(previews)) expect(p.status).toBe(200);
  });

  it("a sign-in sent while 1 MB previews wait for the parse worker is answered before the next preview: no request waits for a parse", async () => {
    // Issue 24 asks that another person's sign-in take at most 100 ms more during a 1 MB preview.
    // A clock cannot say that on a busy machine (issue 21), so this test shows what the figure rests
    // on, by order of events in one run: while the parse worker is busy with queued 1 MB previews,
    // a sign-in sent after the first preview's answer is answered before the second one. Were a
    // parse on the request thread, the sign-in's request would wait behind the parse that began
    // when the first preview was answered, and come after it (broken on purpose: parsing on the
    // request thread → red). The 100 ms figure itself: `npm run bench:template`.
    const big = { encoded: new URLSearchParams({ intent: "preview", source: bigTemplate() }).toString() };
    for (let round = 0; round < 2; round++) {
      const order: string[] = [];
      let firstAnswered!: () => void;
      const first = new Promise<void>((resolve) => (firstAnswered = resolve));
      // Three previews at once: the one worker numbers them one after the other, the rest wait.
      const previews = [0, 1, 2].map((i) =>
        previewPost(big, false).then((answer) => {
          order.push(`preview ${i}`);
          firstAnswered();
          return answer;
        }),
      );
      await first;
      const signedIn = signIn(server.url, "medlem@demo.no").then((cookie) => order.push("sign-in") && cookie);
      const [answers, cookie] = await Promise.all([Promise.all(previews), signedIn]);
      for (const answer of answers) expect(answer.status).toBe(200);
      expect(cookie).toMatch(/=/);
      // One preview answered, then the sign-in, then the two that waited for the worker.
      expect(order.indexOf("sign-in"), `round ${round}: ${order.join(", ")}`).toBe(1);
    }
  });

  it("a YAML alias bomb gives a problem naming the limit, not a 500", async () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x]", "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]", "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]"].join("\n");
    const { status, body } = await previewPost(bomb);
    expect(status).toBe(200);
    expect(body, body.slice(0, 600)).toContain("at most 50");
    const upload = await formRequest(server.url, NEW, { body: { intent: "upload", source: bomb }, cookie });
    expect(upload.res.status).toBe(400);
    expect(upload.html).toContain("høyst 50"); // the page says it in its language
  });

  it("deep nesting gives a problem naming the limit", async () => {
    const { status, body } = await previewPost(`id: ${"[".repeat(50_000)}`);
    expect(status).toBe(200);
    expect(body).toContain("nested more than 32 levels deep");
  });
});
