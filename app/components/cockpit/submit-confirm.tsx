/**
 * The confirmation step before a response is recorded as submitted (issue 20): what is unanswered,
 * not agreed and flagged, as it is now, and a form that repeats what was typed with the token of
 * what was shown. A plain form: it works without JavaScript.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT, type MessageKey } from "~/lib/i18n";
import type { SubmitReview } from "~/lib/cockpit/submission.server";

const FLAG_KEYS = {
  ranking: "check.ranking",
  limit: "check.limit",
  invalid: "check.invalid",
  comments: "check.comments",
  personal: "check.personal",
} as const satisfies Record<SubmitReview["flagged"][number]["kind"], MessageKey>;

const SHOWN = 12;

/** "punkt 3, 5, 7 og 40 til": the form's numbers, the first few, then how many more. */
function NumberList({ numbers }: { numbers: number[] }) {
  const t = useT();
  const shown = numbers.slice(0, SHOWN).join(", ");
  return <>{numbers.length > SHOWN ? t("submission.confirmMore", { numbers: shown, more: numbers.length - SHOWN }) : t("submission.confirmItems", { numbers: shown })}</>;
}

export function SubmitConfirm({ base, review, values, message }: { base: string; review: SubmitReview; values: Record<string, string>; message?: string }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  // The step replaces the form the person just used: their focus goes to what it says.
  useEffect(() => heading.current?.focus(), [review.token]);
  const clear = !review.unanswered.length && !review.notAgreed.length && !review.flagged.length;
  const flaggedCount = review.flagged.reduce((n, f) => n + f.count, 0);
  return (
    <section className="submit-confirm stack" aria-labelledby="confirm-heading" data-testid="submit-confirm">
      <h3 id="confirm-heading" ref={heading} tabIndex={-1}>
        {t("submission.confirmTitle")}
      </h3>
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
      <p>{t("submission.confirmIntro")}</p>
      {clear ? (
        <p>{t("submission.confirmClear")}</p>
      ) : (
        <ul>
          {review.unanswered.length ? (
            <li>
              <strong>{t("submission.confirmUnanswered", { count: review.unanswered.length })}</strong>: <NumberList numbers={review.unanswered} />
            </li>
          ) : null}
          {review.notAgreed.length ? (
            <li>
              <strong>{t("submission.confirmNotAgreed", { count: review.notAgreed.length })}</strong>: <NumberList numbers={review.notAgreed} />
            </li>
          ) : null}
          {review.flagged.length ? (
            <li>
              <strong>{t("submission.confirmFlagged", { count: flaggedCount })}</strong>:{" "}
              {review.flagged.map((f) => `${t(FLAG_KEYS[f.kind])} (${f.count})`).join(", ")}
            </li>
          ) : null}
        </ul>
      )}
      <p>
        <Link to={`${base}/check`}>{t("cockpit.check")}</Link>
      </p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="submit" />
        <input type="hidden" name="submittedOn" value={values.submittedOn ?? ""} />
        <input type="hidden" name="channel" value={values.channel ?? ""} />
        <input type="hidden" name="receipt" value={values.receipt ?? ""} />
        <input type="hidden" name="reviewed" value={review.token} />
        <div className="actions">
          <button type="submit">{t(clear ? "submission.confirm" : "submission.confirmAnyway")}</button> <Link to={`${base}/submission`}>{t("submission.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}
