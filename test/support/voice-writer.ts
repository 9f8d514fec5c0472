/**
 * Child-process side of the concurrent members'-voice test (test/unit/member-voice.test.ts): its
 * own connection to the file, `ops` saves of random views as it read them (version included),
 * with a pause of 0–2 ms between them (as requests arrive; SQLite's lock is not fair, and a tight
 * loop can starve the other process past busy_timeout), while another process does the same. Prints one JSON line: saves and conflicts
 * per (user, measure).
 */
import { openDatabase } from "../../db/client";
import { saveVoice } from "../../db/queries/member-voice";
import type { MemberView } from "../../db/schema";
import { sqliteClient } from "../../db/engine/sqlite";

const [file, organisationId, responseId, seedText, opsText] = process.argv.slice(2);
const db = openDatabase(file!);
const users = (sqliteClient(db).prepare("select user_id as id from memberships where organisation_id = ?").all(Number(organisationId)) as { id: number }[]).map((u) => u.id);
const measures = [1, 2, 3].map((i) => `kap3-tiltak-${i}`);
let seed = Number(seedText);
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const views: (MemberView | null)[] = ["yes", "no", "none", null];
const saved: Record<string, number> = {};
let conflicts = 0;
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; i < Number(opsText); i++) {
  Atomics.wait(pause, 0, 0, rand(3));
  const userId = users[rand(users.length)]!;
  const measureId = measures[rand(measures.length)]!;
  const row = sqliteClient(db).prepare("select version from member_positions where response_id = ? and user_id = ? and measure_id = ?").get(Number(responseId), userId, measureId) as
    | { version: number }
    | undefined;
  const result = await saveVoice(db, {
    organisationId: Number(organisationId),
    responseId: Number(responseId),
    userId,
    positions: [{ measureId, view: views[rand(views.length)]!, reason: `p${process.pid}-${i}`, baseVersion: row?.version ?? 0 }],
  });
  if (result.status === "saved") saved[`${userId}:${measureId}`] = (saved[`${userId}:${measureId}`] ?? 0) + 1;
  else conflicts += 1;
}
process.stdout.write(`${JSON.stringify({ saved, conflicts })}\n`);
sqliteClient(db).close();
