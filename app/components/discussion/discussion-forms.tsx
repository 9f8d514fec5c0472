/**
 * The discussion's <form> elements, rendered outside the chapter page's section form (see
 * question-threads.tsx). Each holds only hidden fields; the visible fields and buttons point at it
 * with `form="<id>"`. Plain posts without JavaScript; with it, the question's fetcher.
 */
import { useFetcher } from "@remix-run/react";
import { fetcherKey, formIds } from "~/lib/discussion/form-ids";
import { useHydrated } from "~/lib/use-hydrated";
import type { ClientDiscussion } from "./types";

interface Props {
  /** The response's base path (`/o/<org>/r/<id>`). */
  base: string;
  /** The questions shown (their discussion page is the forms' target). */
  items: { key: string; number: number }[];
  discussion: ClientDiscussion;
  /** Where a plain post returns to: this chapter at the question's anchor (the server checks it); absent: the question's page. */
  sectionId?: string;
}

export function DiscussionForms({ base, items, discussion, sectionId }: Props) {
  if (!discussion.canComment) return null;
  return (
    <div hidden className="discussion-forms">
      {items.map((item) => {
        const action = `${base}/q/${encodeURIComponent(item.key)}`;
        return (
          <QuestionForms
            key={item.key}
            questionKey={item.key}
            action={action}
            discussion={discussion}
            returnTo={sectionId ? `${base}/c/${sectionId}#q-${item.number}` : action}
          />
        );
      })}
    </div>
  );
}

/** One question's forms (the chapter page renders them inside the question's opened threads block). */
export function QuestionForms({ questionKey, action, discussion, returnTo }: { questionKey: string; action: string; discussion: ClientDiscussion; returnTo: string }) {
  const fetcher = useFetcher({ key: fetcherKey(questionKey) });
  const hydrated = useHydrated();
  const form = (id: string, fields: Record<string, string | number>) => (
    <fetcher.Form key={id} id={id} method="post" action={action} preventScrollReset>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="returnTo" value={returnTo} />
      {/* With JavaScript the reply is data for the fetcher, not a redirect. */}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
    </fetcher.Form>
  );
  const threads = discussion.threads.filter((t) => t.key === questionKey);
  return (
    <>
      {form(formIds.comment(questionKey), { intent: "comment" })}
      {threads.map((thread) => [
        form(formIds.reply(thread.id), { intent: "reply", threadId: thread.id }),
        discussion.canResolve
          ? form(formIds.status(thread.id), { intent: thread.status === "open" ? "resolve" : "reopen", threadId: thread.id, version: thread.version })
          : null,
        ...thread.comments
          .filter((c) => c.authorId === discussion.userId && !c.deleted)
          .flatMap((c) => [
            form(formIds.edit(c.id), { intent: "edit", commentId: c.id, version: c.version }),
            form(formIds.delete(c.id), { intent: "delete", commentId: c.id, version: c.version }),
          ]),
      ])}
    </>
  );
}
