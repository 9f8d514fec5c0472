/**
 * Members' voice on the chapter page: a tally after each measure, the suggested ranking after the
 * priority question, and the small forms they post (rendered OUTSIDE the editors' section form,
 * which must not contain forms; buttons reach them with `form="…"`). Without JavaScript the forms
 * post and redirect back; with it they post through fetchers and the loader's revalidation updates
 * the tallies in place.
 */
import { Link, useFetcher } from "@remix-run/react";
import { useState, type SyntheticEvent } from "react";
import type { ReasonsPageData as ChapterReasonsData } from "~/lib/member-voice/reasons.server";
import { ReasonList } from "./reason-list";
import { addNorwegianStrings, useT } from "~/lib/i18n";
import { nbVoice } from "~/lib/i18n/nb-voice";
import { useHydrated } from "~/lib/use-hydrated";
import type { FormItem } from "../../../consultation/form";
import { schulzeText } from "../../../consultation/voting";

type View = "yes" | "no" | "none";
interface Tally {
  yes: number;
  no: number;
  none: number;
}
export interface PageVoice {
  action: string;
  mineHref: string;
  canPosition: boolean;
  canEdit: boolean;
  labels: Record<string, string>;
  /** Everyone who may rank (for "5 of 8 have ranked"). */
  eligible: number;
  /** The consultation's own words for yes and no (yesNoLabels), if it has them. */
  yesNo: { yes: string; no: string } | null;
  mine: Record<string, { view: View; version: number }>;
  /** The chapter's reasons (their page; the folded lists load it when opened). */
  reasonsHref: string;
  measures: {
    id: string;
    anchorKey?: string;
    tally: Tally;
    reasonCount: number;
    majority: "yes" | "no" | null;
    supportVersion: number | null;
  }[];
  suggested?: {
    voters: number;
    borda: { id: string; points: number; firstPlaces: number }[];
    schulze: string[][];
    schulzeComplete: boolean;
    schulzeAhead: [string, string][];
    suggestion: string[];
    disagree: boolean;
    priorityKey: string;
    version: number;
  };
}

type Reply = { ok?: boolean; error?: string };

/** A view in words: the consultation's own for yes and no when it has them. */
function useViewLabel(voice: PageVoice) {
  const t = useT();
  return (view: View) => (view !== "none" && voice.yesNo ? voice.yesNo[view] : t(`voice.${view}`));
}
const formId = (kind: string, id: string) => `voice-${kind}-${id}`;
const MAJORITY_FORM = "voice-maj";
/** The measure whose "adopt the majority" button was pressed last (the shared form's reply goes under it). */
let lastAdopted: string | undefined;

export interface VoiceProps {
  voice: PageVoice;
  item?: FormItem;
}

// The voice's own strings come with its code (not the other pages' nb-pages.ts chunk).
addNorwegianStrings(nbVoice);

/** After an item: its tally or suggested ranking; without an item: the forms (outside the section form). */
export function Voice({ voice, item }: VoiceProps) {
  return item ? <ItemVoice voice={voice} item={item} /> : <VoiceForms voice={voice} />;
}

/** The tally or suggested ranking that belongs after the item `item` (nothing for other items). */
export function ItemVoice({ voice, item }: { voice: PageVoice; item: FormItem }) {
  if (voice.suggested && voice.suggested.priorityKey === item.key) return <SuggestedRanking voice={voice} item={item} />;
  const measure = voice.measures.find((m) => m.anchorKey === item.key);
  return measure ? <MeasureTally voice={voice} measure={measure} /> : null;
}

function Status({ fetcher }: { fetcher: { state: string; data?: unknown } }) {
  const t = useT();
  const data = fetcher.data as Reply | undefined;
  if (fetcher.state !== "idle" || !data) return null;
  return data.error ? (
    <p className="field-error" role="alert">
      {data.error}
    </p>
  ) : (
    <span className="save-saved small" role="status">
      {t("voice.done")}
    </span>
  );
}

export function MeasureTally({ voice, measure }: { voice: PageVoice; measure: PageVoice["measures"][number] }) {
  const t = useT();
  const hydrated = useHydrated();
  const position = useFetcher<Reply>({ key: formId("pos", measure.id) });
  // One adopt-majority form for the chapter (decision 79): its reply shows under the measure last used.
  const adopt = useFetcher<Reply>({ key: MAJORITY_FORM });
  const label = useViewLabel(voice);
  const { yes, no, none } = measure.tally;
  const total = Math.max(yes + no + none, 1);
  const mine = voice.mine[measure.id]?.view;
  return (
    <div className="voice-tally">
      <p className="small">
        <strong>{`${t("voice.tallyTitle")}:`}</strong>
        {` ${label("yes")} ${yes} · ${label("no")} ${no} · ${label("none")} ${none} `}
        <svg className="tally-bar" width="120" height="8" viewBox={`0 0 ${total} 1`} preserveAspectRatio="none" aria-hidden="true">
          <rect className="bar-yes" x="0" y="0" width={yes} height="1" />
          <rect className="bar-no" x={yes} y="0" width={no} height="1" />
          <rect className="bar-none" x={yes + no} y="0" width={none} height="1" />
        </svg>
      </p>
      {measure.reasonCount ? <FoldedReasons voice={voice} measure={measure} /> : null}
      <div className="actions small">
        {voice.canPosition && hydrated
          ? (["yes", "no"] as const).map((view) => (
              <button
                key={view}
                type="submit"
                className="secondary"
                form={formId("pos", measure.id)}
                name="view"
                value={view}
                aria-pressed={mine === view}
                aria-label={t("voice.setMine", { view: label(view) })}
              >
                {label(view)}
              </button>
            ))
          : null}
        {voice.canPosition ? <Link to={voice.mineHref}>{t("voice.myView")}</Link> : null}
        {voice.canEdit && measure.majority && measure.supportVersion !== null ? (
          <button
            type="submit"
            className="secondary"
            form={MAJORITY_FORM}
            name="mv"
            value={`${measure.id}@${measure.supportVersion}`}
            onClick={() => (lastAdopted = measure.id)}
          >
            {t("voice.adoptMajority", { view: label(measure.majority) })}
          </button>
        ) : null}
        <Status fetcher={position} />
        {lastAdopted === measure.id ? <Status fetcher={adopt} /> : null}
      </div>
    </div>
  );
}

/**
 * A measure's reasons, folded (decision 78): the page sends their count; opening the list loads the
 * chapter's reasons once (one fetcher shared by every measure's list) and shows this measure's.
 * Without JavaScript the list links to the reasons page.
 */
function FoldedReasons({ voice, measure }: { voice: PageVoice; measure: PageVoice["measures"][number] }) {
  const t = useT();
  const hydrated = useHydrated();
  const fetcher = useFetcher<ChapterReasonsData>({ key: `voice-reasons:${voice.reasonsHref}` });
  const [open, setOpen] = useState(false);
  const reasons = fetcher.data?.measures.find((m) => m.id === measure.id)?.reasons;
  const onToggle = (event: SyntheticEvent<HTMLDetailsElement>) => {
    if (!event.currentTarget.open) return;
    setOpen(true);
    if (!fetcher.data && fetcher.state === "idle") fetcher.load(voice.reasonsHref);
  };
  return (
    <details onToggle={onToggle}>
      <summary className="small">{t("voice.reasons", { count: measure.reasonCount })}</summary>
      {reasons ? (
        <ReasonList reasons={reasons} yesNo={voice.yesNo} />
      ) : hydrated ? (
        open ? (
          <p className="muted small" role="status">
            {t("voice.reasonsLoading")}
          </p>
        ) : null
      ) : (
        <a className="small" href={`${voice.reasonsHref}#r-${measure.id}`}>
          {t("voice.readReasons")}
        </a>
      )}
    </details>
  );
}

/**
 * The suggested ranking in one plain sentence ("Medlemmene setter 19.2 først; 5 av 8 har
 * rangert"), the suggestion in order, and behind a disclosure how it is worked out: the Borda
 * points and the Schulze cross-check.
 */
export function SuggestedRanking({ voice, item }: { voice: PageVoice; item: FormItem }) {
  const t = useT();
  const s = voice.suggested!;
  const fetcher = useFetcher<Reply>({ key: formId("rank", s.priorityKey) });
  const number = (id: string) => item.rankOptions?.find((o) => o.measureId === id)?.number ?? id;
  return (
    <section className="voice-suggested card" aria-labelledby="voice-suggested">
      <h3 id="voice-suggested">{t("voice.suggested")}</h3>
      {s.voters === 0 || !s.suggestion.length ? (
        <p className="muted">{t("voice.noRankings")}</p>
      ) : (
        <>
          <p data-testid="voice-sentence">{t("voice.sentence", { first: number(s.suggestion[0]!), voters: s.voters, eligible: Math.max(voice.eligible, s.voters) })}</p>
          <p className="small">{t("voice.sentenceOrder")}</p>
          <ol className="small">
            {s.suggestion.map((id) => (
              <li key={id}>
                {`${number(id)} ${voice.labels[id]}`}
              </li>
            ))}
          </ol>
          {s.disagree ? (
            <p className="notice voice-disagree small" role="note">
              {t("voice.uncertain")}
            </p>
          ) : null}
          <details className="small">
            <summary>{t("voice.method")}</summary>
            <p>{t("voice.borda", { max: item.maxRanks ?? 0 })}</p>
            <ol>
              {s.borda
                .filter((e) => e.points > 0)
                .map((e) => (
                  <li key={e.id}>
                    {`${number(e.id)} `}
                    <span className="muted">{`(${t("voice.points", { points: e.points, first: e.firstPlaces })})`}</span>
                  </li>
                ))}
            </ol>
            <p>{schulzeLine(t, s, number)}</p>
            <p>{t(s.disagree ? "voice.disagree" : "voice.agree")}</p>
          </details>
          {voice.canEdit && s.suggestion.length ? (
            <div className="actions">
              <button type="submit" className="secondary" form={formId("rank", s.priorityKey)}>
                {t("voice.adoptRanking")}
              </button>
              <Status fetcher={fetcher} />
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The forms the buttons above submit; place after (outside) the section form. */
export function VoiceForms({ voice }: { voice: PageVoice }) {
  return (
    <div hidden>
      {voice.measures.map((m) => (
        <MeasureForms key={m.id} voice={voice} measure={m} />
      ))}
      {voice.canEdit && voice.measures.some((m) => m.majority && m.supportVersion !== null) ? (
        <HiddenForm id={MAJORITY_FORM} action={voice.action} fields={{ intent: "adopt-majority" }} />
      ) : null}
      {voice.suggested && voice.canEdit ? (
        <HiddenForm
          id={formId("rank", voice.suggested.priorityKey)}
          action={voice.action}
          fields={{ intent: "adopt-ranking", version: String(voice.suggested.version), suggestion: voice.suggested.suggestion.join(",") }}
        />
      ) : null}
    </div>
  );
}

function MeasureForms({ voice, measure }: { voice: PageVoice; measure: PageVoice["measures"][number] }) {
  // The Ja/Nei buttons are JavaScript-only (without it "Mitt syn" has the form): so is their form.
  const hydrated = useHydrated();
  return (
    <>
      {voice.canPosition && hydrated ? (
        <HiddenForm
          id={formId("pos", measure.id)}
          action={voice.action}
          fields={{ intent: "position", measure: measure.id, version: String(voice.mine[measure.id]?.version ?? 0), back: "chapter" }}
        />
      ) : null}
    </>
  );
}

function HiddenForm({ id, action, fields }: { id: string; action: string; fields: Record<string, string> }) {
  const fetcher = useFetcher({ key: id });
  const hydrated = useHydrated();
  return (
    <fetcher.Form method="post" action={action} id={id} preventScrollReset>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {/* Through a fetcher the action answers with data instead of redirecting back. */}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
    </fetcher.Form>
  );
}

/** Schulze's cross-check: a ranking when it is one, otherwise only the orders that exist. */
function schulzeLine(t: ReturnType<typeof useT>, s: NonNullable<PageVoice["suggested"]>, number: (id: string) => string) {
  const { text, partial } = schulzeText({ groups: s.schulze, complete: s.schulzeComplete, ahead: s.schulzeAhead }, number);
  return t(partial ? "voice.schulzePartial" : "voice.schulze", { order: text });
}
