import { createElement as h } from "react";
import { describe, it } from "vitest";
import { compactDocument, compactManifest, renderDocument, singleQuoteStreamData } from "~/lib/render-html.server";
import { expect } from "vitest";

/** A page whose "å" lands at every byte offset around React's 2 kB write views. */
const page = (pad: number) =>
  h("div", null, h("b", null, "y".repeat(pad)), Array.from({ length: 150 }, (_, i) => h("i", { key: i }, "a")), h("textarea", { defaultValue: "fremheves små fagmiljø" }));

describe("renderDocument", () => {
  it("never splits a multi-byte character at a write boundary (no NUL, no U+FFFD)", async () => {
    for (let pad = 0; pad < 2100; pad += 1) {
      const bytes = Buffer.from(await renderDocument(page(pad), {}));
      if (bytes.includes(0) || !bytes.toString("utf8").includes("fremheves små fagmiljø")) throw new Error(`corrupted at pad ${pad}`);
    }
  }, 60_000);

  it("sends the route manifest as compact JSON, the same object", () => {
    const manifest = { entry: { module: "/assets/e.js", imports: ["/assets/a.js"] }, routes: { root: { id: "root", path: "" } } };
    const html = `<script>;\nwindow.__remixManifest = ${JSON.stringify(manifest, null, 2)};\nwindow.__remixRouteModules = {};</script><p>a  b</p>`;
    expect(compactManifest(html)).toBe(`<script>;\nwindow.__remixManifest = ${JSON.stringify(manifest)};\nwindow.__remixRouteModules = {};</script><p>a  b</p>`);
    expect(new TextDecoder().decode(compactDocument(html))).toBe(compactManifest(html));
  });

  it("writes the inlined loader data as a single-quoted string: the same text, fewer bytes (decision 91)", () => {
    // As Remix writes it: JSON.stringify of the turbo-stream text, then <, >, &, U+2028/9 as \u escapes.
    const remixLiteral = (text: string) =>
      JSON.stringify(text).replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const texts = [
      '[{"_1":2},"loaderData",{"a":"b"}]',
      `["it's \\"quoted\\" \\\\ back\\nslash", "</script><!-- & \u2028\u2029 æøå \u0000\t\r\n'"]`,
      "plain",
      "",
    ];
    for (const text of texts) {
      const html = `<p>x</p><script>window.__remixContext.streamController.enqueue(${remixLiteral(text)});</script><script>window.__remixContext.streamController.enqueue(${remixLiteral(text)});</script>`;
      const out = singleQuoteStreamData(html);
      const scripts = [...out.matchAll(/<script>(.*?)<\/script>/gs)].map((m) => m[1]!);
      expect(scripts).toHaveLength(2);
      for (const script of scripts) {
        expect(script).not.toMatch(/<|>|&|[\u2028\u2029\x00-\x1f]/);
        const got: string[] = [];
        new Function("window", script)({ __remixContext: { streamController: { enqueue: (s: string) => got.push(s) } } });
        expect(got).toEqual([text]);
      }
    }
    const data = `window.__remixContext.streamController.enqueue(${remixLiteral('[{"_1":2},"a","b","c"]')});`;
    expect(singleQuoteStreamData(data).length).toBeLessThan(data.length);
    // Anything else is left as it is.
    expect(singleQuoteStreamData('<p>enqueue("a")</p>')).toBe('<p>enqueue("a")</p>');
  });
});
