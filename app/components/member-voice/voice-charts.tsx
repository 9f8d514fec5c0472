/**
 * The members' voice as charts (issue 20): per chapter, Ja/Nei/Ingen per measure as stacked bars
 * and the ranking's points as bars, on the overview and the position summary. Plain SVG rendered
 * by the server (no chart library, no client code): each chart is an image with a title and a
 * description that says every number (`role="img"`, `aria-labelledby`), the legend is text, and the
 * same numbers are a table behind a disclosure for those who would rather read them.
 */
import { useT, type Translate } from "~/lib/i18n";
import type { VoiceChart, VoiceCharts as Charts } from "~/lib/member-voice.server";
import { sectionTitle } from "~/lib/section-title";

/** The chart's coordinate system; it scales to the width it is given (max-width in CSS). */
const WIDTH = 320;
const LABEL = 40;
const BAR = 190;
const ROW = 22;
const BAR_HEIGHT = 14;

type YesNo = { yes: string; no: string };
const words = (yesNo: YesNo | null, t: Translate) => ({ yes: yesNo?.yes ?? t("voice.yes"), no: yesNo?.no ?? t("voice.no"), none: t("voice.none") });

function TallyChart({ chapter, eligible, yesNo }: { chapter: VoiceChart; eligible: number; yesNo: YesNo | null }) {
  const t = useT();
  const w = words(yesNo, t);
  const scale = Math.max(eligible, ...chapter.measures.map((m) => m.tally.yes + m.tally.no + m.tally.none), 1);
  const title = t("voice.charts.tallyTitle", { section: sectionTitle(chapter.heading, t) });
  const name = (m: VoiceChart["measures"][number]) => (m.number === null ? m.label : t("voice.charts.item", { number: m.number }));
  const desc = chapter.measures
    .map((m) => t("voice.charts.tallyRow", { measure: name(m), yes: w.yes, yesCount: m.tally.yes, no: w.no, noCount: m.tally.no, none: w.none, noneCount: m.tally.none }))
    .join("; ");
  const id = `vc-${chapter.id}-tally`;
  const height = chapter.measures.length * ROW + 4;
  return (
    <figure className="voice-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid={`tally-chart-${chapter.id}`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {chapter.measures.map((m, i) => {
          const y = i * ROW + 2;
          const width = (n: number) => (n / scale) * BAR;
          const yes = width(m.tally.yes);
          const no = width(m.tally.no);
          const none = width(m.tally.none);
          return (
            <g key={m.id} aria-hidden="true">
              <text x={LABEL - 6} y={y + BAR_HEIGHT - 3} textAnchor="end" className="chart-label">
                {m.number ?? ""}
              </text>
              <rect x={LABEL} y={y} width={BAR} height={BAR_HEIGHT} className="chart-track" />
              <rect x={LABEL} y={y} width={yes} height={BAR_HEIGHT} className="bar-yes" />
              <rect x={LABEL + yes} y={y} width={no} height={BAR_HEIGHT} className="bar-no" />
              <rect x={LABEL + yes + no} y={y} width={none} height={BAR_HEIGHT} className="bar-none" />
              <text x={LABEL + BAR + 6} y={y + BAR_HEIGHT - 3} className="chart-value">
                {`${m.tally.yes} · ${m.tally.no} · ${m.tally.none}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small">
        <span className="chart-key">
          <span className="swatch bar-yes-bg" aria-hidden="true" /> {w.yes}
        </span>{" "}
        <span className="chart-key">
          <span className="swatch bar-no-bg" aria-hidden="true" /> {w.no}
        </span>{" "}
        <span className="chart-key">
          <span className="swatch bar-none-bg" aria-hidden="true" /> {w.none}
        </span>{" "}
        <span className="muted">{t("voice.charts.scale", { count: scale })}</span>
      </figcaption>
    </figure>
  );
}

function RankChart({ chapter, eligible }: { chapter: VoiceChart; eligible: number }) {
  const t = useT();
  const ranking = chapter.ranking!;
  const rows = ranking.rows;
  const top = Math.max(...rows.map((r) => r.points), 1);
  const title = t("voice.charts.rankTitle", { section: sectionTitle(chapter.heading, t), voters: ranking.voters, eligible });
  const desc = rows.map((r) => t("voice.charts.rankRow", { number: r.number, points: r.points, first: r.firstPlaces })).join("; ");
  const id = `vc-${chapter.id}-rank`;
  const height = rows.length * ROW + 4;
  return (
    <figure className="voice-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid={`rank-chart-${chapter.id}`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {rows.map((r, i) => {
          const y = i * ROW + 2;
          return (
            <g key={r.id} aria-hidden="true">
              <text x={LABEL - 6} y={y + BAR_HEIGHT - 3} textAnchor="end" className="chart-label">
                {r.number}
              </text>
              <rect x={LABEL} y={y} width={BAR} height={BAR_HEIGHT} className="chart-track" />
              <rect x={LABEL} y={y} width={(r.points / top) * BAR} height={BAR_HEIGHT} className="bar-points" />
              <text x={LABEL + BAR + 6} y={y + BAR_HEIGHT - 3} className="chart-value">
                {t("voice.charts.pointsShort", { points: r.points })}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">{t("voice.charts.rankCaption", { voters: ranking.voters, eligible, max: ranking.maxRanks })}</figcaption>
    </figure>
  );
}

/** The numbers of both charts as tables (the text alternative one can scan). */
function ChapterTables({ chapter, yesNo }: { chapter: VoiceChart; yesNo: YesNo | null }) {
  const t = useT();
  const w = words(yesNo, t);
  return (
    <details className="small">
      <summary>{t("voice.charts.table")}</summary>
      <table className="voice-table">
        <caption className="visually-hidden">{t("voice.charts.tallyTitle", { section: sectionTitle(chapter.heading, t) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("voice.charts.measure")}</th>
            <th scope="col" className="num">{w.yes}</th>
            <th scope="col" className="num">{w.no}</th>
            <th scope="col" className="num">{w.none}</th>
          </tr>
        </thead>
        <tbody>
          {chapter.measures.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.number === null ? m.label : `${m.number}. ${m.label}`}</th>
              <td className="num">{m.tally.yes}</td>
              <td className="num">{m.tally.no}</td>
              <td className="num">{m.tally.none}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chapter.ranking?.voters ? (
        <table className="voice-table">
          <caption className="visually-hidden">{t("voice.suggested")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("voice.charts.measure")}</th>
              <th scope="col" className="num">{t("voice.charts.points")}</th>
              <th scope="col" className="num">{t("voice.charts.first")}</th>
            </tr>
          </thead>
          <tbody>
            {chapter.ranking.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{`${r.number} ${r.label}`}</th>
                <td className="num">{r.points}</td>
                <td className="num">{r.firstPlaces}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}

/** Every chapter's charts under one heading; `headingLevel` fits the page the section sits in. */
export function VoiceCharts({ charts, headingLevel = 2 }: { charts: Charts; headingLevel?: 2 | 3 }) {
  const t = useT();
  const H = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  if (!charts.chapters.length) return null;
  return (
    <section className="card voice-charts stack" aria-labelledby="voice-charts">
      <H id="voice-charts">{t("voice.charts.title")}</H>
      <p className="muted small">{t("voice.charts.intro", { eligible: charts.eligible })}</p>
      {charts.chapters.map((chapter) => {
        const views = chapter.measures.some((m) => m.tally.yes + m.tally.no + m.tally.none > 0);
        return (
          <section key={chapter.id} aria-labelledby={`vc-${chapter.id}`} className="stack-tight">
            <Sub id={`vc-${chapter.id}`}>{sectionTitle(chapter.heading, t)}</Sub>
            {views ? <TallyChart chapter={chapter} eligible={charts.eligible} yesNo={charts.yesNo} /> : <p className="muted small">{t("voice.charts.noViews")}</p>}
            {chapter.ranking?.voters ? <RankChart chapter={chapter} eligible={charts.eligible} /> : null}
            {views || chapter.ranking?.voters ? <ChapterTables chapter={chapter} yesNo={charts.yesNo} /> : null}
          </section>
        );
      })}
    </section>
  );
}
