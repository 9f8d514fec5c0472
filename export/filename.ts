/**
 * Download file names: `hoeringssvar-<organisation>-<consultation-id>-<yyyy-mm-dd>.<ext>`, the
 * first word in the document language (nn `hoeyringssvar`, en `consultation-response`; labels.ts).
 * The ASCII fallback transliterates Norwegian letters (æ→ae, ø→o, å→a; "høring"→"hoering" is
 * the name's fixed prefix); filename* carries the UTF-8 spelling for clients that read it.
 */
import { DOCUMENT_LABELS_BY_LANGUAGE, type DocumentLanguage } from "./labels";

const ASCII_LETTERS: Record<string, string> = { æ: "ae", ø: "o", å: "a" };
/** The organisation part when its name has no letters or digits at all. */
const NO_NAME: Record<DocumentLanguage, string> = { nb: "organisasjon", nn: "organisasjon", en: "organisation" };

function slug(text: string, keepNorwegian: boolean, fallback = NO_NAME.nb): string {
  let s = text.normalize("NFC").toLowerCase();
  if (!keepNorwegian) s = s.replace(/[æøå]/g, (c) => ASCII_LETTERS[c]!).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const allowed = keepNorwegian ? /[^a-z0-9æøå]+/g : /[^a-z0-9]+/g;
  return s.replace(allowed, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || fallback;
}

export interface ExportFilename {
  ascii: string;
  utf8: string;
}

export function exportFilename(
  organisationName: string,
  consultationId: string,
  date: string,
  extension: "docx" | "md" | "pdf",
  language: DocumentLanguage = "nb",
  kind: "response" | "summary" = "response",
): ExportFilename {
  const tail = `${slug(consultationId, false)}-${date}.${extension}`;
  const labels = DOCUMENT_LABELS_BY_LANGUAGE[language];
  // The summary's word ("posisjonsoversikt", "position-summary") is ASCII in every language.
  const { fileWordAscii, fileWord } = kind === "summary" ? { fileWordAscii: labels.summaryFileWord, fileWord: labels.summaryFileWord } : labels;
  return {
    ascii: `${fileWordAscii}-${slug(organisationName, false, NO_NAME[language])}-${tail}`,
    utf8: `${fileWord}-${slug(organisationName, true, NO_NAME[language])}-${tail}`,
  };
}

/** RFC 6266 / RFC 5987: quoted ASCII name plus the percent-encoded UTF-8 one. */
export function contentDisposition(name: ExportFilename): string {
  const encoded = encodeURIComponent(name.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`;
}
