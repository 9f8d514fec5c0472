/**
 * Download file names: `hoeringssvar-<organisation>-<consultation-id>-<yyyy-mm-dd>.<ext>`.
 * The ASCII fallback transliterates Norwegian letters (æ→ae, ø→o, å→a; "høring"→"hoering" is
 * the name's fixed prefix); filename* carries the UTF-8 spelling for clients that read it.
 */
const ASCII_LETTERS: Record<string, string> = { æ: "ae", ø: "o", å: "a" };

function slug(text: string, keepNorwegian: boolean): string {
  let s = text.normalize("NFC").toLowerCase();
  if (!keepNorwegian) s = s.replace(/[æøå]/g, (c) => ASCII_LETTERS[c]!).normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const allowed = keepNorwegian ? /[^a-z0-9æøå]+/g : /[^a-z0-9]+/g;
  return s.replace(allowed, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "") || "organisasjon";
}

export interface ExportFilename {
  ascii: string;
  utf8: string;
}

export function exportFilename(organisationName: string, consultationId: string, date: string, extension: "docx" | "md"): ExportFilename {
  const tail = `${slug(consultationId, false)}-${date}.${extension}`;
  return {
    ascii: `hoeringssvar-${slug(organisationName, false)}-${tail}`,
    utf8: `høringssvar-${slug(organisationName, true)}-${tail}`,
  };
}

/** RFC 6266 / RFC 5987: quoted ASCII name plus the percent-encoded UTF-8 one. */
export function contentDisposition(name: ExportFilename): string {
  const encoded = encodeURIComponent(name.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`;
}
