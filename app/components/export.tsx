import { Link } from "@remix-run/react";
import type { OutlineNode } from "../../export/model";
import { useT } from "~/lib/i18n";

/** The export's three-level outline as nested lists (browsers bullet them disc, circle, square). */
export function ExportOutline({ nodes }: { nodes: OutlineNode[] }) {
  return (
    <ul className="export-outline">
      {nodes.map((node, i) => (
        <li key={node.number ?? i} id={node.kind === "question" ? `item-${node.number}` : undefined}>
          {node.paragraphs.map((text, p) => (
            <p key={p} style={{ whiteSpace: "pre-wrap", margin: p === 0 ? 0 : ".5rem 0 0" }}>
              {text}
            </p>
          ))}
          {node.children.length ? <ExportOutline nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** Download and import links; downloads bypass client routing (they are files, not pages). */
export function ExportActions({ base, canExport, canEdit }: { base: string; canExport: boolean; canEdit: boolean }) {
  const t = useT();
  return (
    <nav className="actions" aria-label={t("export.actions")}>
      {canExport ? (
        <>
          <a className="button" href={`${base}/export.docx`} download>
            {t("export.downloadDocx")}
          </a>
          <a className="button secondary" href={`${base}/export.md`} download>
            {t("export.downloadMarkdown")}
          </a>
        </>
      ) : null}
      {canEdit ? (
        <Link className="button secondary" to={`${base}/import`}>
          {t("export.import")}
        </Link>
      ) : null}
    </nav>
  );
}
