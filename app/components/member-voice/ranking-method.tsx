/**
 * How the suggested ranking is worked out: Borda's points and the Schulze cross-check (decision 92).
 * On the chapter's reasons page, and in the chapter page's disclosure once it is opened (this module
 * is a chunk of its own there, fetched with the data; its strings are in nb-pages.ts, which the
 * reasons page's client loader brings).
 */
import { useT } from "~/lib/i18n";
import type { RankingMethod as Method } from "~/lib/member-voice.server";

export default function RankingMethod({ method }: { method: Method }) {
  const t = useT();
  return (
    <>
      <p>{t("voice.borda", { max: method.maxRanks })}</p>
      <ol>
        {method.borda.map((e) => (
          <li key={e.id}>
            {`${e.number} `}
            <span className="muted">{`(${t("voice.points", { points: e.points, first: e.firstPlaces })})`}</span>
          </li>
        ))}
      </ol>
      <p>{t(method.schulzePartial ? "voice.schulzePartial" : "voice.schulze", { order: method.schulze })}</p>
      <p>{t(method.disagree ? "voice.disagree" : "voice.agree")}</p>
    </>
  );
}
