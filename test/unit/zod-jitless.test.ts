/**
 * Issue 20: zod runs jitless before any schema is built, so the browser never probes `new
 * Function` (a CSP violation report on every page with a form). app/lib/zod-jitless.ts sets zod's
 * global config without importing zod; this holds the installed zod to that contract.
 */
import { describe, expect, it, vi } from "vitest";

describe("zod jitless", () => {
  it("after app/lib/zod-jitless, zod's config says jitless and building and parsing a schema never calls Function", async () => {
    await import("../../app/lib/zod-jitless");
    const spy = vi.spyOn(globalThis, "Function");
    const { z } = await import("zod");
    expect(z.config().jitless).toBe(true);
    const schema = z.object({ a: z.string(), b: z.number().optional() });
    for (let i = 0; i < 5; i++) expect(schema.parse({ a: "x", b: i })).toEqual({ a: "x", b: i });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
