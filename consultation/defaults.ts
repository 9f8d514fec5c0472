/**
 * Texts a template may leave out, per template language. Filled in when a template is validated,
 * so a stored consultation version carries every text it shows (and its content hash covers them).
 */
export type TemplateLanguage = "nb" | "nn" | "en";

export interface LanguageDefaults {
  /** Appended to "<measure text> <reference>": the measure's yes/no question. */
  supportQuestion: string;
  /** The measure's free-text field. */
  feedbackText: string;
  /** The chapter's priority question for a rank limit. */
  priorityText: (maxRanks: number) => string;
  /** The text field after the priority question. */
  justificationText: string;
}

export const NUMBER_WORDS: Record<TemplateLanguage, string[]> = {
  // Index = number; "tiltak" is neuter in nb/nn ("ett"/"eitt").
  nb: ["null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti"],
  nn: ["null", "eitt", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti"],
  en: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
};
const inWords = (lang: TemplateLanguage, n: number) => NUMBER_WORDS[lang][n] ?? String(n);

export const LANGUAGE_DEFAULTS: Record<TemplateLanguage, LanguageDefaults> = {
  nb: {
    supportQuestion: "Støtter du/dere tiltaket?",
    feedbackText: "Dine/deres tilbakemeldinger",
    priorityText: (n) =>
      `Hvilke av tiltakene bør prioriteres? Du kan angi inntil ${inWords("nb", n)} tiltak. Det viktigste rangerer du som nummer 1.`,
    justificationText: "Her kan du/dere legge inn en begrunnelse for prioriteringen",
  },
  nn: {
    supportQuestion: "Støttar du/de tiltaket?",
    feedbackText: "Dine/dykkar tilbakemeldingar",
    priorityText: (n) =>
      `Kva for tiltak bør prioriterast? Du kan velje inntil ${inWords("nn", n)} tiltak. Det viktigaste rangerer du som nummer 1.`,
    justificationText: "Her kan du/de leggje inn ei grunngjeving for prioriteringa",
  },
  en: {
    supportQuestion: "Do you support this measure?",
    feedbackText: "Your feedback",
    priorityText: (n) =>
      `Which of the measures should be prioritised? You can choose up to ${inWords("en", n)} ${n === 1 ? "measure" : "measures"}. Rank the most important as number 1.`,
    justificationText: "Here you can give the reasons for your priorities",
  },
};
