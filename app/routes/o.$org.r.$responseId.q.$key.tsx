/** One question's comment threads: the no-JS target of the comment forms and of notification links. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useLiveResponse } from "~/lib/live/live-state";
import { AnswerText } from "~/components/answer-text";
import { DiscussionForms } from "~/components/discussion/discussion-forms";
import { QuestionThreads } from "~/components/discussion/question-threads";
import { questionDiscussionAction, questionDiscussionPage } from "~/lib/discussion/page.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { retryAfterHeaders } from "~/lib/security/retry-after";
import type { FormItem } from "../../consultation/form";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "discussion.pageTitle", { number: data?.item.number ?? "" });

// A refused comment (too many) says when to try again.
export const headers = retryAfterHeaders;

export const loader = ({ request, params }: LoaderFunctionArgs) => questionDiscussionPage(request, params);
export const action = ({ request, params, context }: ActionFunctionArgs) => questionDiscussionAction(request, params, context);

export default function QuestionDiscussion() {
  const { base, sectionId, item, value, discussion, live } = useLoaderData<typeof loader>();
  useLiveResponse({ base, ...live, sectionId });
  const reply = useActionData<typeof action>();
  const t = useT();
  const chapter = `${base}/c/${sectionId}`;
  return (
    <article className="stack">
      <nav aria-label={t("drafting.breadcrumb")} className="muted small">
        <Link to={`${chapter}#q-${item.number}`}>{t("discussion.backToChapter")}</Link>
      </nav>
      <h1>{t("discussion.pageTitle", { number: item.number })}</h1>
      <div className="card">
        <p>
          <span className="item-number">{item.number}.</span> {item.text}
        </p>
        <AnswerText item={item as FormItem} value={value} />
      </div>
      <QuestionThreads questionKey={item.key} number={item.number} discussion={discussion} reply={reply} open />
      <DiscussionForms base={base} items={[item]} discussion={discussion} />
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
