/**
 * A printout of a portal form (filled in or blank; seed 003's layout, or a PDF this app exported)
 * to a draft template: sender questions, chapters of measures with their report references,
 * support and feedback questions, priority questions with their options and rank limit,
 * justification fields, standalone questions and general questions, numbered exactly as the
 * printout.
 *
 * What a printout cannot show is never invented silently: the full option list of a choice
 * question (only the chosen ones are printed), a chapter's title, the issuer, the deadline, a
 * question's kind when it is unanswered. Each such guess is a `review` note in the draft (the
 * editor lists them and publishing waits until they are resolved). Pure: the caller extracts PDF
 * text (app/lib/printout.server.ts).
 */
import { NUMBER_WORDS, LANGUAGE_DEFAULTS, type TemplateLanguage } from "../consultation/defaults";
import { formItems } from "../consultation/form";
import { validateTemplate, type Template, type TemplateInput } from "../consultation/schema";
import type { ParsedItem } from "./answer-values";
import type { ImportProblem } from "./import";
import { DOCUMENT_LABELS_BY_LANGUAGE } from "./labels";
import { comparableQuestion, MAX_PRINTOUT_TEXT_BYTES, splitPrintout } from "./printout";

export interface ReviewNote {
  /** Where in the template (formatPath style, by id) the guess is. */
  path: string;
  /** The form number(s) it concerns, when it concerns items. */
  number?: string;
  note: string;
}

export interface DraftOptions {
  language?: TemplateLanguage;
  id?: string;
  title?: string;
  issuer?: string;
  caseNumber?: string;
  deadline?: string;
}

export type DraftResult =
  | { ok: true; input: TemplateInput; template: Template; review: ReviewNote[]; numbering: NumberingRow[] }
  | { ok: false; problems: ImportProblem[] };

/** The draft's numbering beside the printout's, item by item. */
export interface NumberingRow {
  number: string;
  printout: string;
  draft: string;
  kind: string;
  same: boolean;
}

type Q = Record<string, unknown> & { type: string; id: string; text: string };
type Item = ParsedItem & { index: number };

const clean = (s: string) => s.replace(/\s+/g, " ").trim();
const answersOf = (item: ParsedItem) => item.children.map((c) => c.paragraphs.join("\n\n")).filter((a) => a.trim() !== "");
const lower = (s: string) => clean(s).toLowerCase();

/** Header of a document this app exported: title line, then "Utsendt av: …" / "Saksnummer: …". */
function readHeader(text: string): { title?: string; issuer?: string; caseNumber?: string } {
  const head = text.slice(0, 4000).split(/\r?\n/).map((l) => l.replace(/^#+\s*/, "").trim()).filter(Boolean);
  const out: { title?: string; issuer?: string; caseNumber?: string } = {};
  for (const [i, line] of head.entries()) {
    if (/^[•●\uF0B7]/.test(line) || /^(Svar|Answers):$/.test(line)) break;
    for (const lang of Object.values(DOCUMENT_LABELS_BY_LANGUAGE)) {
      if (line.startsWith(`${lang.issuer}:`)) {
        out.issuer = clean(line.slice(lang.issuer.length + 1));
        if (i > 0 && !out.title) out.title = head[i - 1];
      }
      if (line.startsWith(`${lang.caseNumber}:`)) out.caseNumber = clean(line.slice(lang.caseNumber.length + 1));
    }
  }
  return out;
}

function detectLanguage(items: ParsedItem[]): TemplateLanguage {
  const all = items.map((i) => i.text).join(" ");
  for (const lang of ["nn", "en", "nb"] as const) {
    const d = LANGUAGE_DEFAULTS[lang];
    if (all.includes(d.supportQuestion) || all.includes(d.feedbackText)) return lang;
  }
  const words = lower(all).split(/[^a-zæøå]+/);
  const count = (list: string[]) => words.filter((w) => list.includes(w)).length;
  const en = count(["the", "and", "of", "you", "your", "which", "should"]);
  const nn = count(["ikkje", "kva", "dykkar", "eg", "frå", "kjem", "namn", "avsendar", "høyringa", "støttar"]);
  const nb = count(["ikke", "hva", "deres", "jeg", "fra", "kommer", "navn", "avsender", "høringen", "støtter"]);
  return en > nb && en > nn ? "en" : nn > nb ? "nn" : "nb";
}

/** The last sentence of a text ("… Se kapittel 3.1. Støtter du/dere tiltaket?" → "Støtter du/dere tiltaket?"). */
function lastSentence(text: string): string {
  const m = /(?:^|[.?!:]\s)([^.?!]*[?])\s*$/.exec(clean(text));
  return m ? m[1]!.trim() : "";
}

function mostCommon(values: string[], atLeast = 2): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return n >= atLeast ? best : undefined;
}

const REFERENCE = /\s((?:Se|Sjå|See)\s+(?:kapittel|kapitlene|kapitla|chapter|chapters|section|sections|punkt)\s.*)$/i;
const OPTION = /^(\d+)\.(\d+)\.?\s*([\s\S]*)$/;
const SENDER_WORDS = /navn|namn|name|e-?post|e-?mail|avsender|avsendar|sender|organisasjon|organisation|kommer fra|kjem frå|comes from|fylt ut|filled in|virksomhet|verksemd|på vegne|on behalf/i;
const GENERAL_WORDS = /generel|general|overall|øvrige|andre (?:kommentarer|kommentarar|innspill|innspel|merknader)|other comments|samlet sett|alt i alt/i;
const JUSTIFICATION_WORDS = /begrunn|grunngjev|reason|justif/i;
const EMAIL_WORDS = /e-?post|e-?mail/i;
/** "1500", "250,000.5 GBP", "250 000,5 kr", "12.5 %": a number with an optional unit. */
const NUMBER_ANSWER = /^(-?\d(?:[\d\s\u00a0\u202f.,]*\d)?)(?:\s*([^\d\s]\S{0,19}))?$/;
/** A short label ("Disagree", "Fees"): one chosen option of a choice, scale or multiple-choice question. */
const OPTION_LIKE = /^[^.!?\n]{1,40}$/;
const CONDITIONAL = /(?:klikker|klikkar|svarer|svarar|if you (?:click|answer))\s+(?:du\s+)?[«"]?(ja|nei|yes|no)\b/i;

function rankLimit(text: string, language: TemplateLanguage): number | undefined {
  const m = /(?:inntil|opptil|up to|maksimalt|høgst|høyst|at most)\s+(\S+)/i.exec(text);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase().replace(/[.,]$/, "");
  if (/^\d+$/.test(word)) return Number(word);
  for (const lang of [language, "nb", "nn", "en"] as const) {
    const n = NUMBER_WORDS[lang].indexOf(word === "en" || word === "ein" ? (lang === "nn" ? "eitt" : "ett") : word);
    if (n > 0) return n;
  }
  return undefined;
}

/** A lower-case id from a text: "Navn på avsender" → "navn-pa-avsender". */
function slug(text: string, words = 4): string {
  const s = text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .slice(0, words)
    .join("-");
  return s || "sporsmal";
}

/**
 * Reads `text` (a printout's text) into a draft template. Problems only when the text is not a
 * printout (no numbered items, numbers not 1…N) or when the draft would not number as the printout.
 */
export function templateFromPrintout(text: string, options: DraftOptions = {}): DraftResult {
  if (Buffer.byteLength(text) > MAX_PRINTOUT_TEXT_BYTES)
    return { ok: false, problems: [{ code: "tooLarge", params: { size: Buffer.byteLength(text), max: MAX_PRINTOUT_TEXT_BYTES } }] };
  if (text.trim() === "") return { ok: false, problems: [{ code: "empty" }] };
  const parsed = splitPrintout(text).items.map((p, index) => ({ ...p, text: clean(p.text), index }));
  if (parsed.length === 0) return { ok: false, problems: [{ code: "printoutNoItems" }] };
  const badNumber = parsed.find((p, i) => p.number !== String(i + 1));
  if (badNumber) return { ok: false, problems: [{ code: "printoutNumbering", number: badNumber.number }] };

  const header = readHeader(text);
  const language = options.language ?? detectLanguage(parsed);
  const defaults = LANGUAGE_DEFAULTS[language];
  const docLabels = DOCUMENT_LABELS_BY_LANGUAGE[language];
  const review: ReviewNote[] = [];
  const used = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };

  // The measures' feedback text: the most repeated item text; the support question: the most
  // common last sentence of the items just before it.
  const feedbackText =
    parsed.some((p) => p.text === defaults.feedbackText) ? defaults.feedbackText : (mostCommon(parsed.map((p) => p.text)) ?? defaults.feedbackText);
  const beforeFeedback = parsed.filter((p, i) => parsed[i + 1]?.text === feedbackText).map((p) => lastSentence(p.text));
  const supportQuestion = parsed.some((p) => p.text.endsWith(` ${defaults.supportQuestion}`))
    ? defaults.supportQuestion
    : (mostCommon(beforeFeedback) ?? defaults.supportQuestion);
  const isPriority = (p: Item) => p.children.length > 0 && p.children.every((c) => OPTION.test(c.paragraphs[0] ?? "") && OPTION.exec(c.paragraphs[0]!)![1] === p.number);
  const isSupport = (p: Item) => p.text.endsWith(` ${supportQuestion}`) && p.text.length > supportQuestion.length + 1;
  const isFeedbackOnly = (p: Item) => p.text !== feedbackText && p.text.endsWith(` ${feedbackText}`);

  // Yes/no labels: the language's, unless the support answers show others.
  const supportAnswers = [...new Set(parsed.filter(isSupport).flatMap(answersOf).map(clean))];
  const defaultYesNo = [docLabels.yes, docLabels.no].map((l) => l.toLowerCase());
  let yesNo = { yes: docLabels.yes, no: docLabels.no };
  let customYesNo = false;
  const foreign = supportAnswers.filter((a) => !defaultYesNo.includes(a.toLowerCase()));
  if (foreign.length && supportAnswers.length <= 2 && supportAnswers.every((a) => a.length <= 40)) {
    customYesNo = true;
    yesNo = { yes: supportAnswers[0]!, no: supportAnswers[1] ?? `(${docLabels.no})` };
    review.push({ path: "yesNoLabels", note: `the measures are answered "${supportAnswers.join('", "')}": check which label means yes and which no${supportAnswers.length < 2 ? " (only one is printed)" : ""}` });
  }
  const isYesNoAnswer = (a: string) => [yesNo.yes, yesNo.no].some((l) => l.toLowerCase() === a.toLowerCase());

  // Sender: the leading items before the first measure that read like sender questions.
  let senderEnd = 0;
  while (senderEnd < parsed.length && !isSupport(parsed[senderEnd]!) && !isPriority(parsed[senderEnd]!) && SENDER_WORDS.test(parsed[senderEnd]!.text)) senderEnd++;
  // General: the trailing items that read like general questions (never a measure's feedback).
  let generalStart = parsed.length;
  while (generalStart > senderEnd && GENERAL_WORDS.test(parsed[generalStart - 1]!.text) && parsed[generalStart - 1]!.text !== feedbackText) generalStart--;

  /** A standalone question from one item (and its conditional feedback, if `next` is one). */
  const question = (p: Item, section: "sender" | "chapter" | "general", base: string, next?: Item): { q: Q; consumed: number } => {
    const answers = answersOf(p);
    const id = uniqueId(`${base}-${slug(p.text)}`);
    const at = section === "chapter" ? `chapters[${base}].questions[${id}]` : `${section}[${id}]`;
    if (answers.length === 1 && isYesNoAnswer(clean(answers[0]!)) || (answers.length === 0 && CONDITIONAL.test(p.text) && next)) {
      const q: Q = { type: "yes_no", id, text: p.text };
      if (answers.length === 0) review.push({ path: at, number: p.number, note: "unanswered: read as a yes/no question from its text; check the kind" });
      if (next && next.text !== feedbackText && !isSupport(next) && !isPriority(next) && !GENERAL_WORDS.test(next.text) || next?.text === feedbackText) {
        const said = CONDITIONAL.exec(p.text)?.[1]?.toLowerCase();
        const fromText = said === "ja" || said === "yes" ? "yes" : said === "nei" || said === "no" ? "no" : undefined;
        const answered = answersOf(next).length > 0 && answers.length === 1 ? (clean(answers[0]!).toLowerCase() === yesNo.yes.toLowerCase() ? "yes" : "no") : undefined;
        const askedOn = fromText ?? answered;
        if (askedOn) {
          q.feedback = { text: next.text, askedOn };
          if (!fromText) review.push({ path: `${at}.feedback`, number: next.number, note: `asked on "${askedOn === "yes" ? yesNo.yes : yesNo.no}" because it is answered after that answer; check` });
          return { q, consumed: 2 };
        }
        if (next.text !== feedbackText)
          review.push({ path: at, number: next.number, note: `question ${next.number} may be asked only on one answer of question ${p.number} (the printout does not show it): if so, make it this question's feedback` });
      }
      return { q, consumed: 1 };
    }
    if (EMAIL_WORDS.test(p.text) && answers.every((a) => /^\S+@\S+$|^-{3,}$/.test(a.trim()))) return { q: { type: "email", id, text: p.text }, consumed: 1 };
    const numberMatch = answers.length === 1 ? NUMBER_ANSWER.exec(answers[0]!.trim()) : null;
    if (numberMatch) {
      const q: Q = { type: "number", id, text: p.text, ...(numberMatch[2] ? { unit: numberMatch[2] } : {}) };
      review.push({ path: at, number: p.number, note: `read as a number question from its answer (${answers[0]!.trim()}); its bounds are not printed` });
      return { q, consumed: 1 };
    }
    if (answers.length > 1 && p.children.every((c) => c.paragraphs.length === 1 && c.paragraphs[0]!.length <= 120)) {
      const options = answers.map((a, k) => ({ id: uniqueId(`${id}-${slug(a, 3)}`) || `${id}-${k + 1}`, label: clean(a) }));
      review.push({ path: `${at}.options`, number: p.number, note: "a multiple-choice question: only the chosen options are printed; add the others" });
      return { q: { type: "multiple_choice", id, text: p.text, options }, consumed: 1 };
    }
    const oneLine = answers.length === 1 && !answers[0]!.includes("\n") && answers[0]!.length <= 80;
    if (oneLine && /[:]$/.test(p.text)) {
      review.push({ path: `${at}.options`, number: p.number, note: "a choice question: only the chosen option is printed; add the other options" });
      return { q: { type: "single_choice", id, text: p.text, options: [{ id: slug(answers[0]!, 3), label: clean(answers[0]!) }] }, consumed: 1 };
    }
    if (oneLine && section !== "sender" && OPTION_LIKE.test(answers[0]!.trim()) && answers[0]!.trim().split(/\s+/).length <= 4) {
      review.push({ path: `${at}.options`, number: p.number, note: "one short answer: read as a choice question with the chosen option; add the other options, or make it a scale, a multiple-choice or a text question" });
      return { q: { type: "single_choice", id, text: p.text, options: [{ id: slug(answers[0]!, 3), label: clean(answers[0]!) }] }, consumed: 1 };
    }
    if (answers.length === 0 && section !== "general" && p.text !== feedbackText)
      review.push({ path: at, number: p.number, note: "unanswered: read as a text question; check the kind" });
    return { q: { type: "text", id, text: p.text, ...(section === "sender" && (oneLine || answers.length === 0) ? { short: true } : {}) }, consumed: 1 };
  };

  const sender: Q[] = [];
  for (let i = 0; i < senderEnd; ) {
    const { q, consumed } = question(parsed[i]!, "sender", "avsender", i + 1 < senderEnd ? parsed[i + 1] : undefined);
    sender.push(q);
    i += consumed;
  }
  if (senderEnd > 0) review.push({ path: "sender", number: senderEnd > 1 ? `1–${senderEnd}` : "1", note: "read as the sender part from the questions' texts; check" });

  interface DraftChapter {
    id: string;
    reportChapter?: string;
    measures: Record<string, unknown>[];
    priority?: Record<string, unknown>;
    questions: Q[];
    closed: boolean;
  }
  const chapters: DraftChapter[] = [];
  const reportChapterOf = (t: string) => /(?:kapittel|kapitlene|kapitla|chapter|chapters|section|sections|punkt)\s+(\d+)/i.exec(t)?.[1];
  const newChapter = (reportChapter: string | undefined): DraftChapter => {
    const id = uniqueId(reportChapter ? `kap${reportChapter}` : `kapittel-${chapters.length + 1}`);
    const chapter: DraftChapter = { id, ...(reportChapter ? { reportChapter } : {}), measures: [], questions: [], closed: false };
    chapters.push(chapter);
    return chapter;
  };
  let current: DraftChapter | undefined;
  for (let i = senderEnd; i < generalStart; ) {
    const p = parsed[i]!;
    const next = i + 1 < generalStart ? parsed[i + 1] : undefined;
    if (isSupport(p) || isFeedbackOnly(p)) {
      const support = isSupport(p);
      const about = p.text.slice(0, p.text.length - (support ? supportQuestion : feedbackText).length).trim();
      const ref = REFERENCE.exec(about);
      const measureText = ref ? about.slice(0, ref.index).trim() : about;
      const chapterNumber = reportChapterOf(ref?.[1] ?? "");
      if (!current || current.closed || current.questions.length || (chapterNumber && current.reportChapter && chapterNumber !== current.reportChapter))
        current = newChapter(chapterNumber);
      const id = uniqueId(`${current.id}-tiltak-${current.measures.length + 1}`);
      const measure: Record<string, unknown> = { id, text: measureText, ...(ref ? { reference: ref[1]!.trim() } : {}) };
      let consumed = 1;
      if (!support) measure.support = false;
      else if (next?.text === feedbackText) consumed = 2;
      else measure.feedback = false;
      current.measures.push(measure);
      i += consumed;
      continue;
    }
    if (isPriority(p) && current && current.measures.length && !current.priority) {
      const labels = p.children.map((c) => clean(OPTION.exec(c.paragraphs[0]!)![3]!));
      const ranksUsed = p.children.filter((c) => c.children.length).length;
      const limit = rankLimit(p.text, language);
      const priority: Record<string, unknown> = { text: p.text, maxRanks: limit ?? Math.max(1, ranksUsed || labels.length) };
      if (!limit) review.push({ path: `chapters[${current.id}].priority.maxRanks`, number: p.number, note: `the rank limit is not in the question's text: ${priority.maxRanks} is ${ranksUsed ? "the number of ranks given" : "the number of options"}; check` });
      if (labels.length !== current.measures.length)
        review.push({ path: `chapters[${current.id}].priority`, number: p.number, note: `${labels.length} options but ${current.measures.length} measures above it; check` });
      labels.forEach((label, k) => {
        const m = current!.measures[k];
        if (m && label !== m.text) m.priorityLabel = label;
      });
      let consumed = 1;
      if (next && JUSTIFICATION_WORDS.test(next.text) && !isSupport(next) && !isPriority(next)) {
        priority.justification = { text: next.text };
        consumed = 2;
      } else priority.justification = false;
      if (limit && priority.text === defaults.priorityText(Math.min(limit, current.measures.length))) delete priority.text;
      const justification = priority.justification as { text: string } | false;
      if (justification && justification.text === defaults.justificationText) delete priority.justification;
      current.priority = priority;
      current.closed = true;
      i += consumed;
      continue;
    }
    // A standalone question: in the current chapter unless it names another report chapter.
    const chapterNumber = reportChapterOf(p.text);
    // A chapter of measures without references takes the number its first question names.
    if (current && chapterNumber && !current.reportChapter && !current.questions.length) current.reportChapter = chapterNumber;
    if (!current || (chapterNumber && current.reportChapter !== chapterNumber) || (!current.measures.length && !current.questions.length))
      current = newChapter(chapterNumber ?? current?.reportChapter);
    const { q, consumed } = question(p, "chapter", current.id, next);
    current.questions.push(q);
    i += consumed;
  }

  const general: Q[] = [];
  for (let i = generalStart; i < parsed.length; ) {
    const { q, consumed } = question(parsed[i]!, "general", "generelt", parsed[i + 1]);
    general.push(q);
    i += consumed;
  }

  const placeholder = (field: string, value: string, note: string) => {
    review.push({ path: field, note });
    return value;
  };
  const chapterWord = language === "en" ? "Chapter" : "Kapittel";
  const input: Record<string, unknown> = {
    id: options.id ?? slug(options.title ?? header.title ?? "hoering-fra-utskrift", 6),
    title:
      options.title ??
      header.title ??
      placeholder("title", language === "en" ? "Consultation from a printout" : language === "nn" ? "Høyring frå ei utskrift" : "Høring fra en utskrift", "the consultation's title is not in the printout"),
    issuer: options.issuer ?? header.issuer ?? placeholder("issuer", "?", "the issuer is not in the printout"),
    caseNumber: options.caseNumber ?? header.caseNumber ?? placeholder("caseNumber", "?", "the case number is not in the printout"),
    deadline:
      options.deadline ??
      placeholder("deadline", new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), "the deadline is not in the printout: 30 days from today is a placeholder"),
    language,
  };
  if (supportQuestion !== defaults.supportQuestion || feedbackText !== defaults.feedbackText)
    input.measureDefaults = {
      ...(supportQuestion !== defaults.supportQuestion ? { supportQuestion } : {}),
      ...(feedbackText !== defaults.feedbackText ? { feedbackText } : {}),
    };
  if (customYesNo) input.yesNoLabels = yesNo;
  if (sender.length) input.sender = sender;
  input.chapters = chapters.map((c) => {
    review.push({ path: `chapters[${c.id}].title`, note: "chapter titles are not in the printout" });
    return {
      id: c.id,
      ...(c.reportChapter ? { reportChapter: c.reportChapter } : {}),
      title: c.reportChapter ? `${chapterWord} ${c.reportChapter}` : `${chapterWord} ${chapters.indexOf(c) + 1}`,
      ...(c.measures.length ? { measures: c.measures } : {}),
      ...(c.priority ? { priority: c.priority } : {}),
      ...(c.questions.length ? { questions: c.questions } : {}),
    };
  });
  if (general.length) input.general = general;
  if (review.length) input.review = review.map((r) => ({ path: r.path, ...(r.number ? { number: r.number } : {}), note: r.note }));

  const checked = validateTemplate(input);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => ({ code: "printoutTemplateInvalid", params: { path: p.path, message: p.message } })) };
  const items = formItems(checked.template);
  const numbering: NumberingRow[] = parsed.map((p, k) => {
    const item = items[k];
    return {
      number: p.number,
      printout: p.text,
      draft: item ? item.text : "",
      kind: item?.answerType ?? "",
      same: !!item && String(item.number) === p.number && comparableQuestion(item.text) === comparableQuestion(p.text),
    };
  });
  const wrong = numbering.find((r) => !r.same);
  if (wrong || items.length !== parsed.length)
    return { ok: false, problems: [{ code: "printoutDraftNumbering", number: wrong?.number ?? String(items.length), params: { count: items.length, expected: parsed.length } }] };
  return { ok: true, input: input as TemplateInput, template: checked.template, review, numbering };
}
