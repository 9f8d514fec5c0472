/**
 * Labels printed in the documents, one table per document language (the template's `language`),
 * whatever the reader's UI language: the exported document mirrors the consultation's own form.
 * The Markdown import reads the same labels back. A template's `yesNoLabels` replace Yes/No.
 */
import type { Template } from "../consultation/schema";

export type DocumentLanguage = Template["language"];

export interface DocumentLabels {
  issuer: string;
  caseNumber: string;
  organisation: string;
  date: string;
  answersHeading: string;
  yes: string;
  no: string;
  /** Footer "Side N av M": the words before N and between N and M. */
  pageBefore: string;
  pageBetween: string;
  /** The document language, for numbers (formatNumber). */
  numberLanguage: DocumentLanguage;
  /** BCP 47 tag for the DOCX (w:lang, dc:language). */
  languageTag: string;
  /** First word of the export file name (ASCII spelling, then the native one). */
  fileWordAscii: string;
  fileWord: string;
  // --- submission pack ---
  /** Position summary: title, table headings, the mark for an unanswered cell, file word. */
  summaryTitle: string;
  summaryNumber: string;
  summaryMeasure: string;
  summaryPosition: string;
  summaryRank: string;
  summaryNone: string;
  summaryFileWord: string;
  /** Cover letter: heading, field labels, and the default text ({title}, {caseNumber}). */
  coverHeading: string;
  coverRecipient: string;
  coverReference: string;
  coverDate: string;
  coverOrganisation: string;
  coverContact: string;
  coverDefaultText: string;
}

export const DOCUMENT_LABELS_BY_LANGUAGE: Record<DocumentLanguage, DocumentLabels> = {
  nb: {
    numberLanguage: "nb",
    issuer: "Utsendt av",
    caseNumber: "Saksnummer",
    organisation: "Høringssvar fra",
    date: "Dato",
    answersHeading: "Svar:",
    yes: "Ja",
    no: "Nei",
    pageBefore: "Side ",
    pageBetween: " av ",
    languageTag: "nb-NO",
    fileWordAscii: "hoeringssvar",
    fileWord: "høringssvar",
    summaryTitle: "Posisjonsoversikt",
    summaryNumber: "Nr.",
    summaryMeasure: "Tiltak",
    summaryPosition: "Støtter",
    summaryRank: "Prioritet",
    summaryNone: "–",
    summaryFileWord: "posisjonsoversikt",
    coverHeading: "Følgebrev",
    coverRecipient: "Til",
    coverReference: "Deres referanse",
    coverDate: "Dato",
    coverOrganisation: "Fra",
    coverContact: "Kontaktperson",
    coverDefaultText:
      "Vi viser til høringen «{title}» (saksnummer {caseNumber}) og oversender med dette vårt høringssvar.\n\nVi ber om at svaret tas med i det videre arbeidet, og stiller gjerne til møte for å utdype innspillene.\n\nMed vennlig hilsen",
  },
  nn: {
    numberLanguage: "nn",
    issuer: "Sendt ut av",
    caseNumber: "Saksnummer",
    organisation: "Høyringssvar frå",
    date: "Dato",
    answersHeading: "Svar:",
    yes: "Ja",
    no: "Nei",
    pageBefore: "Side ",
    pageBetween: " av ",
    languageTag: "nn-NO",
    fileWordAscii: "hoeyringssvar",
    fileWord: "høyringssvar",
    summaryTitle: "Posisjonsoversikt",
    summaryNumber: "Nr.",
    summaryMeasure: "Tiltak",
    summaryPosition: "Støttar",
    summaryRank: "Prioritet",
    summaryNone: "–",
    summaryFileWord: "posisjonsoversikt",
    coverHeading: "Følgjebrev",
    coverRecipient: "Til",
    coverReference: "Dykkar referanse",
    coverDate: "Dato",
    coverOrganisation: "Frå",
    coverContact: "Kontaktperson",
    coverDefaultText:
      "Vi viser til høyringa «{title}» (saksnummer {caseNumber}) og sender med dette høyringssvaret vårt.\n\nVi ber om at svaret blir teke med i det vidare arbeidet, og stiller gjerne til møte for å utdjupe innspela.\n\nMed venleg helsing",
  },
  en: {
    numberLanguage: "en",
    issuer: "Issued by",
    caseNumber: "Case number",
    organisation: "Response from",
    date: "Date",
    answersHeading: "Answers:",
    yes: "Yes",
    no: "No",
    pageBefore: "Page ",
    pageBetween: " of ",
    languageTag: "en-GB",
    fileWordAscii: "consultation-response",
    fileWord: "consultation-response",
    summaryTitle: "Position summary",
    summaryNumber: "No.",
    summaryMeasure: "Measure",
    summaryPosition: "Supports",
    summaryRank: "Priority",
    summaryNone: "–",
    summaryFileWord: "position-summary",
    coverHeading: "Cover letter",
    coverRecipient: "To",
    coverReference: "Your reference",
    coverDate: "Date",
    coverOrganisation: "From",
    coverContact: "Contact person",
    coverDefaultText:
      "We refer to the consultation “{title}” (case number {caseNumber}) and hereby submit our response.\n\nWe ask that it be taken into account in the further work, and would be glad to meet to elaborate on our views.\n\nYours sincerely",
  },
};

/** The labels of a template's documents: its language's table with its own yes/no labels. */
export function documentLabels(template: Pick<Template, "language" | "yesNoLabels">): DocumentLabels {
  const base = DOCUMENT_LABELS_BY_LANGUAGE[template.language];
  return template.yesNoLabels ? { ...base, yes: template.yesNoLabels.yes, no: template.yesNoLabels.no } : base;
}
