/**
 * A preview post's raw body is recognised by a byte search for the `intent=preview` field
 * (Decision 68): the text in `source` cannot fake it (its `&` and `=` are percent-encoded), and any
 * other post is read as a form with every field, as before.
 */
import { describe, expect, it } from "vitest";
import { isPreviewBody, readPreviewOrForm } from "~/lib/consultations/preview-body.server";

const bytes = (s: string) => new TextEncoder().encode(s);
const post = (body: string, type = "application/x-www-form-urlencoded") =>
  new Request("http://localhost/x", { method: "POST", headers: { "content-type": type }, body });

describe("preview bodies go to the worker undecoded", () => {
  it("finds the intent field, wherever it is, and only as a whole field", () => {
    expect(isPreviewBody(bytes("intent=preview&source=id%3A+x"))).toBe(true);
    expect(isPreviewBody(bytes("t.title=x&intent=preview"))).toBe(true);
    expect(isPreviewBody(bytes("version=1&intent=preview&t.title=x"))).toBe(true);
    expect(isPreviewBody(bytes("intent=previews&source=x"))).toBe(false);
    expect(isPreviewBody(bytes("xintent=preview"))).toBe(false);
    expect(isPreviewBody(bytes("intent=save&t.title=" + encodeURIComponent("a&intent=preview")))).toBe(false);
  });

  it("a preview post comes back as its bytes; any other as a form with every field; multipart as a form", async () => {
    const preview = await readPreviewOrForm(post(new URLSearchParams({ intent: "preview", source: "id: x" }).toString()));
    expect("preview" in preview && new TextDecoder().decode(preview.preview)).toBe("intent=preview&source=id%3A+x");
    const save = await readPreviewOrForm(post(new URLSearchParams([["intent", "save"], ["t.title", "Å & ø"], ["t.title", "2"]]).toString()));
    expect("form" in save && save.form.getAll("t.title")).toEqual(["Å & ø", "2"]);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("source", "id: x");
    const multipart = await readPreviewOrForm(new Request("http://localhost/x", { method: "POST", body: form }));
    expect("form" in multipart && multipart.form.get("source")).toBe("id: x");
  });
});
