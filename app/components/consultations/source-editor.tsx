/**
 * The template text area with a live numbering preview: as the user types (debounced), the text is
 * posted with intent "preview" through a fetcher and the problems or the numbering are shown below.
 * Without JavaScript a "Preview" button posts the same intent with the whole form.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/lib/i18n";
import type { PreviewResult } from "~/lib/consultations/consultations.server";
import { NumberingPreview, TemplateProblems } from "./template-views";

export function SourceEditor({
  label,
  defaultValue,
  resetKey,
  describedBy,
  preview,
  submittedProblems = [],
}: {
  label: string;
  defaultValue: string;
  resetKey: string;
  describedBy?: string;
  /** A preview posted without JavaScript (the action's answer). */
  preview?: PreviewResult;
  /** Problems of the last submission: shown until the user types (then the live ones replace them). */
  submittedProblems?: { path: string; message: string }[];
}) {
  const t = useT();
  const fetcher = useFetcher<PreviewResult>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [typed, setTyped] = useState(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (text: string) => {
    setTyped(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = new FormData();
      form.set("intent", "preview");
      form.set("source", text);
      fetcher.submit(form, { method: "post" });
    }, 500);
  };
  const shown = (typed ? fetcher.data : undefined) ?? preview;
  return (
    <>
      {typed ? null : <TemplateProblems problems={submittedProblems} />}
      <label>
        {label}
        <textarea
          name="source"
          rows={24}
          spellCheck={false}
          className="template-source"
          aria-describedby={describedBy}
          defaultValue={defaultValue}
          key={resetKey}
          onChange={(e) => onInput(e.currentTarget.value)}
        />
      </label>
      <button type="submit" name="intent" value="preview" className="secondary">
        {t("consultations.previewButton")}
      </button>
      {shown ? (
        <section className="stack live-preview" aria-labelledby="live-preview" aria-live="polite">
          <h3 id="live-preview">
            {t("consultations.livePreview")} {fetcher.state !== "idle" ? <span className="muted">{t("consultations.livePreviewPending")}</span> : null}
          </h3>
          <p className="muted">{t("consultations.livePreviewIntro")}</p>
          <TemplateProblems problems={shown.problems} id="live-problems" />
          {shown.preview ? <NumberingPreview sections={shown.preview} id="live-numbering" headingLevel={4} /> : null}
          {shown.omitted ? <p className="muted">{t("consultations.previewOmitted", { count: shown.omitted })}</p> : null}
        </section>
      ) : null}
    </>
  );
}
