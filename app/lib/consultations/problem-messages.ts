/**
 * Template problems in the reader's language (the editor, the upload and the consultation page).
 * The template checker (`consultation/schema.ts`, `file.server.ts`, the parse worker) writes its
 * messages in English, as `template:check` prints them; here each known message is matched and
 * said in Norwegian for a Norwegian page. The path (`chapters[kap3].measures[…].text`) and any
 * quoted value, id or field name stay as written. A message not matched (a YAML parser's own
 * wording) is shown as it is. Pure: server and browser.
 */
import type { Lang } from "~/lib/i18n";

type Rule = [RegExp, (...groups: string[]) => string];

/** The kinds of value the checker names ("not a list", "not text"). */
const KINDS: Record<string, string> = {
  empty: "tom",
  "a list": "en liste",
  "a group of fields": "en gruppe felt",
  text: "tekst",
  number: "et tall",
  boolean: "sann/usann",
  string: "tekst",
  array: "en liste",
  object: "en gruppe felt",
};
const kind = (k: string) => KINDS[k] ?? k;
const part = (p: string) => (p === "sender part" ? "avsenderdelen" : p === "general part" ? "den generelle delen" : p);

/** Hints added to the YAML parser's messages (file.server.ts YAML_HINTS), in parentheses. */
const YAML_HINTS: Record<string, string> = {
  "indent with spaces, not tabs": "rykk inn med mellomrom, ikke tabulator",
  'a value that contains ": " must be in quotes': 'en verdi som inneholder ": " må stå i anførselstegn',
  "a field may appear only once in the same place": "et felt kan bare stå én gang på samme sted",
  "a quote or bracket is not closed": "et anførselstegn eller en parentes er ikke lukket",
  "check the indentation: entries of one list or group start in the same column": "sjekk innrykket: oppføringene i én liste eller gruppe starter i samme kolonne",
  "a [ or { is not closed": "en [ eller { er ikke lukket",
};

const NB: Rule[] = [
  [/^required$/, () => "må fylles ut"],
  [/^required \(one of (.+)\)$/, (list) => `må fylles ut (én av ${list})`],
  [/^must be lower-case letters, digits, '-' or '_'(?:, e\.g\. "(.*)")?$/, (eg) => `kan bare ha små bokstaver (a–z), sifre, «-» og «_»${eg ? `, f.eks. "${eg}"` : ""}`],
  [/^must be a positive whole number$/, () => "må være et positivt heltall"],
  [/^must be yes or no$/, () => "må være yes eller no"],
  [/^needs at least one option$/, () => "trenger minst ett svaralternativ"],
  [/^a scale needs at least two options$/, () => "en skala trenger minst to svaralternativer"],
  [/^must be at least 1 \(to allow any number of choices, leave `maxChoices` out\)$/, () => "må være minst 1 (for å tillate et hvilket som helst antall valg, utelat `maxChoices`)"],
  [/^is empty: write the unit \(e\.g\. kr, %\) or leave `unit` out$/, () => "er tom: skriv enheten (f.eks. kr, %) eller utelat `unit`"],
  [/^at most (\d+) characters$/, (n) => `høyst ${n} tegn`],
  [/^at most (\d+) review notes$/, (n) => `høyst ${n} punkter å sjekke`],
  [/^at most (\d+) entries$/, (n) => `høyst ${n} oppføringer`],
  [/^unknown question type \(expected (.+?)\)(?:: did you mean "(.*)"\?)?$/, (list, near) => `ukjent spørsmålstype (forventet ${list})${near ? `: mente du "${near}"?` : ""}`],
  [/^must be at least 1 \(to have no priority question, leave `priority` out\)$/, () => "må være minst 1 (for å ikke ha et prioriteringsspørsmål, utelat `priority`)"],
  [/^a group needs at least one question$/, () => "en gruppe trenger minst ett spørsmål"],
  [/^unknown entry type \(expected `type: group`, or no `type` for a chapter\)(?:: did you mean "(.*)"\?)?$/, (near) => `ukjent type (forventet \`type: group\`, eller ingen \`type\` for et kapittel)${near ? `: mente du "${near}"?` : ""}`],
  [/^must be a date written YYYY-MM-DD$/, () => "må være en dato skrevet ÅÅÅÅ-MM-DD (YYYY-MM-DD)"],
  [/^unknown language: use nb \(bokmål\), nn \(nynorsk\) or en \(English\)$/, () => "ukjent språk: bruk nb (bokmål), nn (nynorsk) eller en (engelsk)"],
  [/^must be a URL$/, () => "må være en nettadresse (URL)"],
  [/^duplicate id "(.*)" \(first used at (.*)\)$/, (id, at) => `id-en "${id}" er brukt før (første gang i ${at})`],
  [/^duplicate option id "(.*)"$/, (id) => `svaralternativets id "${id}" er brukt før`],
  [/^is (\S+) but the question has (\d+) options? \(to allow choosing all, leave `maxChoices` out\)$/, (n, m) => `er ${n}, men spørsmålet har ${m} svaralternativ${m === "1" ? "" : "er"} (for å tillate å velge alle, utelat \`maxChoices\`)`],
  [/^is larger than `max` \((.*)\)$/, (both) => `er større enn \`max\` (${both})`],
  [/^must be a whole number when `integer: true`$/, () => "må være et heltall når `integer: true`"],
  [/^"(.*)" is reserved for the (sender part|general part); choose another id$/, (id, p) => `"${id}" er forbeholdt ${part(p!)}; velg en annen id`],
  [/^asks nothing: with `support: false` and `feedback: false` a measure only appears in the chapter's `priority` question, and this chapter has none$/, () => "spør ikke om noe: med `support: false` og `feedback: false` vises et tiltak bare i kapitlets prioriteringsspørsmål (`priority`), og dette kapitlet har ikke noe"],
  [/^needs both the support question and the feedback field \(leave out `(\w+): false` or `feedbackAskedOn`\)$/, (f) => `krever både støttespørsmålet og tilbakemeldingsfeltet (utelat \`${f}: false\` eller \`feedbackAskedOn\`)`],
  [/^has no effect with `feedback: false` \(leave one of them out\)$/, () => "har ingen virkning med `feedback: false` (utelat ett av dem)"],
  [/^a priority question needs the chapter to have measures$/, () => "et prioriteringsspørsmål krever at kapitlet har tiltak"],
  [/^chapter has no measures and no questions$/, () => "kapitlet har verken tiltak eller spørsmål"],
  [/^the form has no questions: add `sender` questions, `chapters` \(chapters or question groups\) or `general` questions$/, () => "skjemaet har ingen spørsmål: legg til avsenderspørsmål (`sender`), kapitler eller spørsmålsgrupper (`chapters`) eller generelle spørsmål (`general`)"],
  [/^unknown field "(.*)": did you mean "(.*)"\?$/, (k, near) => `ukjent felt "${k}": mente du "${near}"?`],
  [/^unknown field "(.*?)"(?: \(fields here: (.*)\))?$/, (k, list) => `ukjent felt "${k}"${list ? ` (felt her: ${list})` : ""}`],
  [/^is empty: give it a value, or remove the line if it is optional$/, () => "er tom: gi den en verdi, eller fjern linjen hvis den er valgfri"],
  [/^must be text: write it in quotes \((.*)\)$/, (v) => `må være tekst: skriv den i anførselstegn (${v})`],
  [/^must be a list \(each entry on its own line, starting with "- "\), not (.*)$/, (k) => `må være en liste (hver oppføring på sin egen linje, som starter med "- "), ikke ${kind(k!)}`],
  [/^must be true or false, not (\S+(?: \S+)*?)( ".*")?$/, (k, v) => `må være true eller false, ikke ${kind(k!)}${v ?? ""}`],
  [/^must be a number \(without quotes\)$/, () => "må være et tall (uten anførselstegn)"],
  [/^must be a group of fields \("key: value" lines, indented\), not (.*)$/, (k) => `må være en gruppe felt (linjer med "nøkkel: verdi", rykket inn), ikke ${kind(k!)}`],
  [/^must be (string|number|boolean|array|object), not (.*)$/, (e, k) => `må være ${kind(e!)}, ikke ${kind(k!)}`],
  [/^a question cannot stand directly in `chapters`: put it in the `questions` of a chapter or of a group \(`type: group`\)$/, () => "et spørsmål kan ikke stå rett i `chapters`: legg det under `questions` i et kapittel eller en gruppe (`type: group`)"],
  [/^nested more than (\d+) levels deep \(the limit for a template\)$/, (n) => `er nestet mer enn ${n} nivåer dypt (grensen for en mal)`],
  [/^uses YAML aliases \(\*name\) too often: at most (\d+) \(the limit for a template\); write the values out$/, (n) => `bruker YAML-aliaser (*navn) for ofte: høyst ${n} (grensen for en mal); skriv verdiene ut`],
  [/^too large to check \(a worker may use at most (\d+) MB\)$/, (n) => `for stor til å kontrolleres (kontrollen kan bruke høyst ${n} MB)`],
  [/^could not be checked \(the checker stopped\); try again$/, () => "kunne ikke kontrolleres (kontrollen stoppet); prøv igjen"],
  [/^took longer than (\S+) s to check \(the limit for a template\)$/, (n) => `tok lenger tid enn ${n} s å kontrollere (grensen for en mal)`],
  [/^the template checker is busy; try again in a moment$/, () => "malkontrollen er opptatt; prøv igjen om et øyeblikk"],
  [/^too many previews in a short while: try again in (\d+) min$/, (n) => `for mange forhåndsvisninger på kort tid: prøv igjen om ${n} min`],
  [/^too large or missing$/, () => "for stor eller mangler"],
  [/^Too big: expected string to have <=(\d+) characters$/, (n) => `høyst ${n} tegn`],
  [/^Too big: expected array to have <=(\d+) items$/, (n) => `høyst ${n} oppføringer`],
  [/^Invalid input$/, () => "ugyldig verdi"],
];

/** One problem message (its first line; a YAML error's source frame follows unchanged) in `lang`. */
export function templateProblemMessage(message: string, lang: Lang): string {
  if (lang === "en") return message;
  const newline = message.indexOf("\n");
  const [head, frame] = newline < 0 ? [message, ""] : [message.slice(0, newline), message.slice(newline)];
  for (const [pattern, say] of NB) {
    const m = pattern.exec(head);
    if (m) return say(...m.slice(1).map((g) => g ?? "")) + frame;
  }
  // A YAML syntax error: the parser's own words, with our hint in parentheses said in Norwegian.
  const hinted = /^(.*) \(([^()]*)\)$/.exec(head);
  if (hinted && YAML_HINTS[hinted[2]!]) return `${hinted[1]} (${YAML_HINTS[hinted[2]!]})${frame}`;
  return message;
}
