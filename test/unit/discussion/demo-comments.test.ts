import { describe, expect, it } from "vitest";
import { DEMO_THREADS } from "../../../db/demo-comments";
import { DEMO_USERS } from "../../../db/seed";
import { findMentions } from "~/lib/discussion/mentions";
import { openDemoDb } from "../../support/demo-db";
import { sqliteClient } from "../../../db/engine/sqlite";

describe("demo comments", () => {
  it("are seeded on kap3 and kap4: threads with replies, one resolved with a note, mentions with notifications", async () => {
    const demo = await openDemoDb();
    try {
      const q = (sql: string) => sqliteClient(demo.db).prepare(sql).all() as Record<string, unknown>[];
      const threads = q("select question_key, status, resolution_note from comment_threads order by id");
      expect(new Set(threads.map((t) => String(t.question_key).split(/[-.]/)[0]))).toEqual(new Set(["kap3", "kap4"]));
      expect(threads.filter((t) => t.status === "resolved")).toEqual([{ question_key: "kap3-tiltak-1.feedback", status: "resolved", resolution_note: "Tatt inn i svaret" }]);
      const perThread = q("select thread_id, count(*) n from comments group by thread_id");
      expect(perThread.some((r) => Number(r.n) >= 2)).toBe(true);
      const kinds = q("select n.kind, u.email from notifications n join users u on u.id = n.user_id order by n.id");
      expect(kinds).toContainEqual({ kind: "mention", email: "sekretariat@demo.no" });
      expect(kinds).toContainEqual({ kind: "mention", email: "medlem@demo.no" });
      expect(kinds).toContainEqual({ kind: "resolved", email: "kari@demo.no" });
      expect(kinds).toContainEqual({ kind: "reply", email: "kari@demo.no" });
    } finally {
      await demo.close();
    }
  });
  it("declares exactly the mentions the app's parser finds in each comment", () => {
    const members = DEMO_USERS.map((u, i) => ({ id: i, name: u.name, email: u.email }));
    for (const thread of DEMO_THREADS)
      for (const comment of thread.comments)
        expect(findMentions(comment.body, members).map((i) => members[i]!.email)).toEqual(comment.mentions ?? []);
  });
});
