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
  },
};

/** The labels of a template's documents: its language's table with its own yes/no labels. */
export function documentLabels(template: Pick<Template, "language" | "yesNoLabels">): DocumentLabels {
  const base = DOCUMENT_LABELS_BY_LANGUAGE[template.language];
  return template.yesNoLabels ? { ...base, yes: template.yesNoLabels.yes, no: template.yesNoLabels.no } : base;
}
