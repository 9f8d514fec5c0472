/** The signed-in user's notifications (only from organisations they still belong to). */
import { getDb } from "../../../db/client";
import { listNotifications, markRead, unreadCount } from "../../../db/queries/discussion";
import { formItems } from "../../../consultation/form";
import { getResponse } from "../../../db/queries/responses";

export const unreadNotifications = async (userId: number) => await unreadCount(getDb(), userId);

export async function notificationsPage(userId: number) {
  const db = getDb();
  const rows = await listNotifications(db, userId);
  // Item numbers come from each response's form (read once per response).
  const forms = new Map<number, Map<string, number>>();
  const out = [];
  for (const n of rows) {
    let form = forms.get(n.responseId);
    if (!form) {
      const response = await getResponse(db, n.organisationId, n.responseId);
      form = new Map(response ? formItems(response.consultation.template).map((i) => [i.key, i.number]) : []);
      forms.set(n.responseId, form);
    }
    out.push({
      id: n.id,
      kind: n.kind,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
      actorName: n.actorName ?? "?",
      orgName: n.orgName,
      number: form.get(n.questionKey) ?? "?",
      href: `/o/${n.orgSlug}/r/${n.responseId}/q/${encodeURIComponent(n.questionKey)}#${n.commentId ? `c-${n.commentId}` : `t-${n.threadId}`}`,
    });
  }
  return out;
}

export const markNotificationsRead = async (userId: number, notificationId?: number) => await markRead(getDb(), userId, notificationId);

/** Opening a notification marks it read; the way to its comment comes from the stored row, never the form. */
export async function openNotification(userId: number, notificationId: number): Promise<string | null> {
  const href = (await notificationsPage(userId)).find((n) => n.id === notificationId)?.href;
  if (!href || !(await markRead(getDb(), userId, notificationId))) return null;
  return href;
}
