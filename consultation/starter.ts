/**
 * The commented starter template `npm run template:new` writes: every kind of part once (sender
 * questions, a question group, a chapter with measures and a priority question, general feedback),
 * optional fields shown as comments. It validates as written. Pure: the app may offer it too.
 */
import { LANGUAGE_DEFAULTS, type TemplateLanguage } from "./defaults";

interface StarterTexts {
  title: string;
  issuer: string;
  senderName: string;
  senderEmail: string;
  senderType: string;
  organisation: string;
  privatePerson: string;
  agree: string;
  whyNot: string;
  chapter: string;
  measure1: string;
  reference1: string;
  measure2: string;
  chapterComments: string;
  general: string;
}

const TEXTS: Record<TemplateLanguage, StarterTexts> = {
  nb: {
    title: "Tittel på høringen",
    issuer: "Departement eller direktorat",
    senderName: "Navn på avsender",
    senderEmail: "E-postadresse til avsender",
    senderType: "Høringsinnspillet kommer fra:",
    organisation: "Organisasjon",
    privatePerson: "Privatperson",
    agree: "Er du/dere enig i forslaget? Klikker du nei, får du mulighet til å komme med tilbakemeldinger.",
    whyNot: "Dine/deres tilbakemeldinger",
    chapter: "Kapittel 1",
    measure1: "Første tiltak.",
    reference1: "Se kapittel 1.1.",
    measure2: "Andre tiltak.",
    chapterComments: "Andre kommentarer til kapittel 1",
    general: "Generelle tilbakemeldinger",
  },
  nn: {
    title: "Tittel på høyringa",
    issuer: "Departement eller direktorat",
    senderName: "Namn på avsendar",
    senderEmail: "E-postadresse til avsendar",
    senderType: "Høyringsinnspelet kjem frå:",
    organisation: "Organisasjon",
    privatePerson: "Privatperson",
    agree: "Er du/de einig i forslaget? Klikkar du nei, får du høve til å kome med tilbakemeldingar.",
    whyNot: "Dine/dykkar tilbakemeldingar",
    chapter: "Kapittel 1",
    measure1: "Første tiltak.",
    reference1: "Sjå kapittel 1.1.",
    measure2: "Andre tiltak.",
    chapterComments: "Andre kommentarar til kapittel 1",
    general: "Generelle tilbakemeldingar",
  },
  en: {
    title: "Title of the consultation",
    issuer: "Ministry or directorate",
    senderName: "Name of the sender",
    senderEmail: "E-mail address of the sender",
    senderType: "The response comes from:",
    organisation: "An organisation",
    privatePerson: "A private person",
    agree: "Do you agree with the proposal? If you answer no, you can tell us why.",
    whyNot: "Your feedback",
    chapter: "Chapter 1",
    measure1: "First measure.",
    reference1: "See chapter 1.1.",
    measure2: "Second measure.",
    chapterComments: "Other comments on chapter 1",
    general: "General feedback",
  },
};

/** The stored "no" answer that `askedOn` names. */
const NO = "\"no\"";

/** YAML text in double quotes (the texts above contain ": " and "?"). */
const q = (value: string) => JSON.stringify(value);
/** A line with its comment in the comment column. */
const c = (code: string, comment: string) => `${code.padEnd(32)} # ${comment}`;

export interface StarterOptions {
  language: TemplateLanguage;
  /** The template id (lower-case, digits, - and _). */
  id: string;
  /** YYYY-MM-DD. */
  deadline: string;
}

export function starterTemplate({ language, id, deadline }: StarterOptions): string {
  const t = TEXTS[language];
  const d = LANGUAGE_DEFAULTS[language];
  return `# Consultation template, written by \`npm run template:new\`. Replace the example texts with the
# form's own, word for word. Check it with:  npm run template:check -- <this file>
# The form's numbers are computed from the order below: never type them. Every field is described
# in docs/engineering.md, "Template format". Lines starting with # are comments; remove the # to use a field.
${c(`id: ${id}`, "lower-case letters, digits, - or _; keep it when you edit the file")}
title: ${q(t.title)}
issuer: ${q(t.issuer)}
${c('caseNumber: "2026/0000"', "in quotes")}
${c(`deadline: ${deadline}`, "YYYY-MM-DD")}
${c(`language: ${language}`, "nb | nn | en: the language of the form and its documents")}
# sourceUrl: https://example.org/consultation   # where the consultation is published
# note: Anything worth knowing about this file (not shown in the app).
# measureDefaults:               # the questions asked for every measure; these are the defaults
#   supportQuestion: ${q(d.supportQuestion)}
#   feedbackText: ${q(d.feedbackText)}
# senderTitle: ...               # page title of the sender part (default: the app's own words)
# generalTitle: ...              # page title of the general part

# 1. Questions about who answers, numbered first. Question types: text, email, single_choice, yes_no, scale, multiple_choice, number.
sender:
  - type: text
    id: sender-name
    text: ${q(t.senderName)}
    short: true                  # a one-line field instead of a text area
  - type: email
    id: sender-email
    text: ${q(t.senderEmail)}
  - type: single_choice
    id: sender-type
    text: ${q(t.senderType)}
    options:
      - { id: organisation, label: ${q(t.organisation)} }
      - { id: private-person, label: ${q(t.privatePerson)} }

# 2. Chapters and question groups, in the order the form asks them.
chapters:
  - type: group                  # questions outside any chapter
    id: about-the-proposal
    # title: ...                 # optional; without it the app shows the numbers ("Questions 4–5")
    questions:
      - type: yes_no
        id: agree
        text: ${q(t.agree)}
        feedback:                # a text field asked only on one answer
          text: ${q(t.whyNot)}
          askedOn: ${NO}
          # maxLength: 2000       # character limit

  - id: chapter-1
    title: ${q(t.chapter)}
    # reportChapter: "1"         # the report's chapter number, if the form asks chapters out of order
    measures:                    # each measure: a yes/no question ("<text> <reference> ${d.supportQuestion}")
      - id: chapter-1-measure-1  #   and a feedback field, each numbered
        text: ${q(t.measure1)}
        reference: ${q(t.reference1)}   # optional, printed after the text
        # feedbackMaxLength: 4000  # character limit of its feedback field
      - id: chapter-1-measure-2
        text: ${q(t.measure2)}
        # support: false         # no yes/no question for this measure
        # feedback: false        # no feedback field for this measure
        # priorityLabel: ...     # its label in the priority question, if the form words it differently
    priority:                    # rank the chapter's measures; leave \`priority\` out for no ranking
      maxRanks: 2                # how many measures can be ranked
      # text: ...                # default: ${q(d.priorityText(2))}
      # justification: false     # no justification field (default text: ${q(d.justificationText)})
    questions:                   # the chapter's own questions, after its measures
      - type: text
        id: chapter-1-comments
        text: ${q(t.chapterComments)}
        maxLength: 4000

# 3. General feedback, numbered last.
general:
  - type: text
    id: general-feedback
    text: ${q(t.general)}
`;
}

/**
 * A truly empty start ("Start tomt" on "Ny høring"): the metadata only, no questions. Valid only
 * as an in-app draft (`parseTemplateText(…, { draft: true })`); publishing needs a question.
 */
export function emptyTemplate({ language, id, deadline }: StarterOptions): string {
  const t = TEXTS[language];
  return `# Consultation template started empty in the app: add the form's parts in the form editor.
id: ${id}
title: ${q(t.title)}
issuer: ${q(t.issuer)}
caseNumber: "2026/0000"
deadline: ${deadline}
language: ${language}
`;
}
