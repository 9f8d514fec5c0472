import { createElement as h } from "react";
import { describe, it } from "vitest";
import { compactManifest, renderDocument } from "~/lib/render-html.server";
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
    const out = new TextDecoder().decode(compactManifest(html));
    expect(out).toBe(`<script>;\nwindow.__remixManifest = ${JSON.stringify(manifest)};\nwindow.__remixRouteModules = {};</script><p>a  b</p>`);
  });
});
