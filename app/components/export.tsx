import { Link } from "@remix-run/react";
import { useState } from "react";
import type { OutlineNode } from "../../export/model";
import { useT } from "~/lib/i18n";
import { useHydrated } from "~/lib/use-hydrated";

/** Copies an answer for pasting into the consultation portal, field by field (JS only). */
function CopyAnswer({ text, number }: { text: string; number?: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const [copied, setCopied] = useState<"copied" | "selected" | null>(null);
  if (!hydrated) return null;
  return (
    <button
      type="button"
      className="link-button copy-answer"
      aria-label={t("export.copyAnswerTo", { number: number ?? "" })}
      onClick={async (event) => {
        const item = event.currentTarget.parentElement!;
        try {
          await navigator.clipboard.writeText(text);
          setCopied("copied");
        } catch {
          // No clipboard (plain http, denied): select the text so Ctrl+C copies it.
          const paragraphs = item.querySelectorAll(":scope > p");
          const range = document.createRange();
          range.setStartBefore(paragraphs[0]!);
          range.setEndAfter(paragraphs[paragraphs.length - 1]!);
          window.getSelection()?.removeAllRanges();
          window.getSelection()?.addRange(range);
          setCopied("selected");
        }
        setTimeout(() => setCopied(null), 2500);
      }}
    >
      {copied === "copied" ? t("export.copied") : copied === "selected" ? t("export.selected") : t("export.copy")}
    </button>
  );
}

/** The export's three-level outline as nested lists (browsers bullet them disc, circle, square). */
export function ExportOutline({ nodes, parent }: { nodes: OutlineNode[]; parent?: OutlineNode }) {
  return (
    <ul className="export-outline">
      {nodes.map((node, i) => (
        <li key={node.number ?? i} id={node.kind === "question" ? `item-${node.number}` : undefined}>
          {node.kind === "answer" ? <CopyAnswer text={node.paragraphs.join("\n\n")} number={parent?.number} /> : null}
          {node.paragraphs.map((text, p) => (
            <p key={p} className="outline-paragraph">
              {text}
            </p>
          ))}
          {node.children.length ? <ExportOutline nodes={node.children} parent={node} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** Download and import links; downloads bypass client routing (they are files, not pages). */
export function ExportActions({
  base,
  canExport,
  canEdit,
  withPreview = false,
}: {
  base: string;
  canExport: boolean;
  canEdit: boolean;
  withPreview?: boolean;
}) {
  const t = useT();
  return (
    <nav className="actions" aria-label={t("export.actions")}>
      {withPreview ? (
        <Link className="button secondary" to={`${base}/preview`}>
          {t("export.preview")}
        </Link>
      ) : null}
      {canExport ? (
        <>
          <a className="button" href={`${base}/export.docx`} download>
            {t("export.downloadDocx")}
          </a>
          <a className="button secondary" href={`${base}/export.pdf`} download>
            {t("export.downloadPdf")}
          </a>
          <a className="button secondary" href={`${base}/export.md`} download>
            {t("export.downloadMarkdown")}
          </a>
        </>
      ) : null}
      <Link className="button secondary" to={`${base}/summary`}>
        {t("export.summary")}
      </Link>
      {canEdit ? (
        <Link className="button secondary" to={`${base}/cover`}>
          {t("export.coverLetter")}
        </Link>
      ) : null}
      {canEdit ? (
        <Link className="button secondary" to={`${base}/import`}>
          {t("export.import")}
        </Link>
      ) : null}
      {canEdit && withPreview ? (
        <Link className="button secondary" to={`${base}/printout`}>
          {t("export.printout")}
        </Link>
      ) : null}
      {withPreview ? (
        <>
          <Link className="button secondary" to={`${base}/references`}>
            {t("export.references")}
          </Link>
          <Link className="button secondary" to={`${base}/compare`}>
            {t("export.compare")}
          </Link>
        </>
      ) : null}
    </nav>
  );
}
