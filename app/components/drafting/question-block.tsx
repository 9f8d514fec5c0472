/**
 * One numbered question on a section page: its input, error, save state and history link.
 * With JavaScript it autosaves a moment after typing stops (through its own fetcher);
 * without, the section form's single Save button posts everything.
 */
import { Link, useFetcher } from "@remix-run/react";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import { parseNumber, sameValue, type AnswerValue } from "../../../consultation/answers";
import type { FormItem } from "../../../consultation/form";
import type { checkField as CheckField } from "~/lib/section-form/check-field";
import { fieldName } from "~/lib/section-form/fields";
import { useHydrated } from "~/lib/use-hydrated";
import { announce, useLiveAnswer } from "~/lib/live/live-state";
import { Typing } from "../live/lazy";
import { AnswerInput } from "./inputs";
import { useAnswerForm } from "./answer-form";
import type { Conflict } from "./conflict-panel";

// Shown only after a refused save: its code is fetched then, not with every chapter page.
const MergePanel = lazy(() => import("./conflict-panel").then((m) => ({ default: m.MergePanel })));

/**
 * The answer rules (check-field.ts and consultation/validate.ts) load on the first input, or when a
 * newer answer arrives, not with the page (decision 94): reading a page needs none of them. Set
 * once loaded; every block shares the one chunk.
 */
let checkField: typeof CheckField | undefined;
let loadingRules: Promise<typeof CheckField> | undefined;
function loadRules(): Promise<typeof CheckField> {
  loadingRules ??= import("~/lib/section-form/check-field").then(
    (m) => (checkField = m.checkField),
    (error: unknown) => {
      loadingRules = undefined; // the next input tries again
      throw error;
    },
  );
  return loadingRules;
}

/** "idle": nothing saved or typed here since the page loaded (shows nothing: "Lagret" only after a save). */
export type SaveState = "idle" | "saved" | "dirty" | "saving" | "error" | "conflict";

export interface QuestionBlockProps {
  item: FormItem;
  stored: { value: AnswerValue; version: number; updatedByName: string | null; updatedAt: string } | undefined;
  /** What the user posted when the whole form came back (errors or conflict). */
  posted: unknown;
  /** Changes identity each time a whole-form post comes back refused. */
  formRound: unknown;
  serverErrors: string[] | undefined;
  conflict: Conflict | undefined;
  historyHref: string;
  hidden: boolean;
  hint?: string;
  onYesNo?: (value: string) => void;
  onStateChange: (field: string, state: SaveState) => void;
}

const AUTOSAVE_DELAY_MS = 1200;

/** The block's fields as FormData (checked radios only), as a plain form post would send them. */
function blockFormData(block: HTMLElement): FormData {
  const data = new FormData();
  block.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>("[name]").forEach((el) => {
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox") && !el.checked) return;
    if (!(el instanceof HTMLButtonElement)) data.append(el.name, el.value);
  });
  return data;
}

export function QuestionBlock(props: QuestionBlockProps) {
  const { item, stored, conflict } = props;
  const t = useT();
  const lang = useLang();
  const hydrated = useHydrated();
  const field = fieldName(item.key);
  const formId = useAnswerForm();
  const fetcher = useFetcher<{ versions?: Record<string, number>; conflicts?: Conflict[]; result?: { error?: Record<string, string[] | null> | null } }>({
    key: `save-${field}`,
  });
  const blockRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [base, setBase] = useState(conflict?.theirVersion ?? stored?.version ?? 0);
  // A refused whole-form post (no JS) comes back with what was typed: unsaved where it differs.
  const unsavedPost = props.formRound !== undefined && !sameValue(postedValue(item, props.posted), stored?.value);
  const initialState: SaveState = conflict ? "conflict" : props.serverErrors?.length ? "error" : unsavedPost ? "dirty" : "idle";
  const [state, setState] = useState<SaveState>(initialState);
  const [clientErrors, setClientErrors] = useState<string[] | undefined>();
  const [liveConflict, setLiveConflict] = useState<Conflict | undefined>(conflict);
  const [updatedLive, setUpdatedLive] = useState(false);
  // Refs, because timers and DOM listeners outlive the render that created them.
  const stateRef = useRef<SaveState>(initialState);
  const inFlight = useRef(false);
  const baseRef = useRef(base);
  baseRef.current = base;
  /** A newer answer that arrived while this block's own save was on its way. */
  const arrivedInFlight = useRef<Newer>();

  const update = (next: SaveState) => {
    stateRef.current = next;
    setState(next);
    props.onStateChange(field, next);
  };

  /** The field's value as the page shows it now, in stored shape; null while invalid. Only once the rules are loaded. */
  function pageValue(): AnswerValue | null {
    // The same rules as the server's schema (section-schema.ts), without zod in the browser.
    const checked = checkField!(item, blockFormData(blockRef.current!), t);
    return checked.ok ? checked.value : null;
  }

  // The Save button posts the whole form: cancel this field's pending autosave.
  useEffect(() => {
    const form = formId ? document.getElementById(formId) : blockRef.current?.closest("form");
    const handOver = () => {
      clearTimeout(timer.current);
      if (stateRef.current === "dirty") update("saving");
    };
    form?.addEventListener("submit", handOver);
    return () => form?.removeEventListener("submit", handOver);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The whole-form post came back refused: a conflict or errors here, or nothing saved at all.
  useEffect(() => {
    if (!props.formRound) return;
    if (conflict) {
      setLiveConflict(conflict);
      setBase(conflict.theirVersion); // the next explicit save is the user's merge
      update("conflict");
    } else if (props.serverErrors?.length) {
      setClientErrors(undefined);
      update("error");
    } else if (stateRef.current === "saving") update("dirty");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.formRound]);

  /**
   * A version newer than the one this block builds on (someone's save, live or in fresh loader
   * data). The page already showing it: build on it. No unsaved edits here: show it in place.
   * Unsaved edits: never overwritten; the merge view opens now, before the save would be refused.
   */
  function takeNewer(newer: Newer, live: boolean) {
    if (newer.version <= baseRef.current || (liveConflict && newer.version <= liveConflict.theirVersion)) return;
    if (!checkField) {
      // Comparing with what the page shows needs the rules: the same answer again once they are here.
      void loadRules().then(() => takeNewer(newer, live), () => undefined);
      return;
    }
    if (inFlight.current) {
      arrivedInFlight.current = newer;
      return;
    }
    const shown = pageValue();
    if (shown !== null && sameValue(shown, newer.value)) {
      clearTimeout(timer.current);
      setBase((baseRef.current = newer.version));
      if (stateRef.current !== "conflict" && stateRef.current !== "idle") update("saved");
    } else if (stateRef.current === "saved" || stateRef.current === "idle") {
      applyValue(blockRef.current!, field, newer.value);
      setBase((baseRef.current = newer.version));
      // A Ja/Nei decides which feedback is asked: the page follows the new answer.
      if (typeof newer.value === "string") props.onYesNo?.(newer.value);
      if (live) {
        setUpdatedLive(true);
        setTimeout(() => setUpdatedLive(false), 2_500);
        announce(t("live.updated", { name: newer.by ?? "?", number: item.number }));
      }
    } else {
      clearTimeout(timer.current);
      update("conflict");
      const mine = shown ?? stored?.value ?? "";
      void import("~/lib/live/newer-version").then(({ newerVersionConflict }) => setLiveConflict(newerVersionConflict(item, field, mine, newer, t)));
    }
  }

  useLiveAnswer(item.key, (answer) => takeNewer({ ...answer, at: new Date(answer.at).toISOString() }, true));

  // Fresh loader data (after any save on the page, or another's save arriving live).
  useEffect(() => {
    if (stored) takeNewer({ value: stored.value, version: stored.version, by: stored.updatedByName, at: stored.updatedAt }, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored?.version]);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data || !inFlight.current) return;
    inFlight.current = false;
    const { versions, conflicts, result } = fetcher.data;
    const mine = conflicts?.find((c) => c.field === field);
    const errors = result?.error?.[field] ?? Object.entries(result?.error ?? {}).find(([k]) => k.startsWith(`${field}.`))?.[1];
    if (mine) {
      clearTimeout(timer.current);
      setLiveConflict(mine);
      update("conflict");
    } else if (errors?.length) {
      setClientErrors(errors);
      update("error");
    } else if (versions) {
      if (versions[field] !== undefined) setBase((baseRef.current = versions[field]!));
      setClientErrors(undefined);
      // Typing during the save leaves the field dirty; its timer saves again.
      if (stateRef.current === "saving") update("saved");
    }
    const arrived = arrivedInFlight.current;
    arrivedInFlight.current = undefined;
    if (arrived && !mine) takeNewer(arrived, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  function validate(): FormData | null {
    const data = blockFormData(blockRef.current!);
    const checked = checkField!(item, data, t);
    const errors = checked.ok ? [] : checked.errors;
    setClientErrors(errors.length ? errors : undefined);
    return errors.length ? null : data;
  }

  function save() {
    if (stateRef.current === "conflict") return; // the user resolves the merge first
    // One save at a time: a second one would start from a version the first is replacing.
    if (inFlight.current) {
      timer.current = setTimeout(save, 300);
      return;
    }
    if (!checkField) {
      // Still on its way (it started with the first input): save as soon as it is here.
      clearTimeout(timer.current);
      void loadRules().then(
        () => {
          clearTimeout(timer.current);
          timer.current = setTimeout(save, 0);
        },
        // Not loaded (offline): the block stays "Ikke lagret"; the next input tries again.
        () => undefined,
      );
      return;
    }
    const data = validate();
    if (!data) return update("error");
    data.set("intent", "save");
    data.set("autosave", "1");
    inFlight.current = true;
    update("saving");
    fetcher.submit(data, { method: "post" });
  }

  function onEdit() {
    void loadRules().catch(() => undefined);
    if (stateRef.current === "conflict") {
      // Waits for the user to resolve the merge; "your version" follows what they type meanwhile.
      clearTimeout(timer.current);
      timer.current = setTimeout(refreshMine, 300);
      return;
    }
    update("dirty");
    clearTimeout(timer.current);
    timer.current = setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  function refreshMine() {
    if (!checkField) return void loadRules().then(refreshMine, () => undefined);
    const current = liveConflict;
    const mine = pageValue();
    if (!current || mine === null) return;
    void import("~/lib/live/newer-version").then(({ answerDiff }) =>
      setLiveConflict((shown) => (shown === current ? { ...current, mine, diff: answerDiff(item, current.theirs, mine, t) } : shown)),
    );
  }

  function resolve(useTheirs: boolean) {
    if (!liveConflict) return;
    if (useTheirs) applyValue(blockRef.current!, field, liveConflict.theirs);
    setBase(liveConflict.theirVersion);
    setLiveConflict(undefined);
    update("dirty");
    // Save after React has rendered the new base version into the hidden input.
    setTimeout(save, 0);
  }

  const errors = clientErrors ?? props.serverErrors;
  const errorId = errors?.length ? `error-${field}` : undefined;
  return (
    <div
      ref={blockRef}
      className={`question${state === "idle" ? "" : ` state-${state}`}${updatedLive ? " live-updated" : ""}`}
      id={`q-${item.number}`}
      hidden={props.hidden}
      onInput={onEdit}
      onChange={onEdit}
      data-key={item.key}
    >
      <input type="hidden" form={formId} name={`v.${field}`} value={base} readOnly />
      {props.hint ? <p className="muted small">{props.hint}</p> : null}
      <AnswerInput item={item} field={field} defaultValue={props.posted ?? stored?.value} errorId={errorId} invalid={Boolean(errorId)} onYesNo={props.onYesNo} />
      {errors?.length ? (
        <ul className="field-error" id={errorId} role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {liveConflict ? (
        <Suspense fallback={null}>
          <MergePanel item={item} conflict={liveConflict} onResolve={hydrated ? resolve : undefined} />
        </Suspense>
      ) : null}
      <p className="question-meta small">
        {state === "idle" && !hydrated ? null : (
          // The live region is there from hydration on, empty until something is saved or typed; the
          // server sends it only with a state to report (a refused post), so no-JS pages carry no
          // empty span per question (decision 92).
          <span className={`save-state save-${state}`} aria-live="polite" data-testid={`state-${field}`}>
            {state === "idle" ? null : t(`drafting.state.${state}`)}
          </span>
        )}
        {stored?.updatedByName ? (
          <span className="muted">{t("response.lastEdited", { name: stored.updatedByName, when: formatDateTime(stored.updatedAt, lang) })}</span>
        ) : null}
        <Link to={props.historyHref} discover="none">
          {t("drafting.history")}
        </Link>
        <Typing questionKey={item.key} />
      </p>
    </div>
  );
}

/** A saved answer newer than the block's base version. */
type Newer = { value: AnswerValue; version: number; by: string | null; at: string };

/** A raw posted field (Conform's initial value) in stored shape, for comparing with the stored answer. */
function postedValue(item: FormItem, posted: unknown): AnswerValue {
  if (item.answerType === "multiple_choice") {
    const ids = Array.isArray(posted) ? posted : typeof posted === "string" ? [posted] : [];
    return (item.choices ?? []).filter((c) => ids.includes(c.id)).map((c) => c.id);
  }
  if (item.answerType === "number") return typeof posted === "string" ? (parseNumber(posted) ?? posted) : "";
  if (item.answerType !== "ranking") return typeof posted === "string" ? posted : "";
  const ranks = posted && typeof posted === "object" ? Object.entries(posted as Record<string, unknown>) : [];
  return ranks
    .filter(([, rank]) => typeof rank === "string" && rank !== "")
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([measureId]) => measureId);
}

/** Puts a stored value into the block's inputs (used when taking the other version). */
function applyValue(block: HTMLElement, field: string, value: AnswerValue) {
  const checkboxes = block.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${field}"]`);
  if (checkboxes.length) {
    checkboxes.forEach((box) => (box.checked = Array.isArray(value) && value.includes(box.value)));
    return;
  }
  if (typeof value === "number") value = String(value);
  if (Array.isArray(value)) {
    block.querySelectorAll<HTMLSelectElement>(`select[name^="${field}."]`).forEach((select) => {
      const measureId = select.name.slice(field.length + 1);
      const rank = value.indexOf(measureId);
      select.value = rank >= 0 ? String(rank + 1) : "";
    });
    return;
  }
  block.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${field}"]`).forEach((el) => {
    if (el instanceof HTMLInputElement && el.type === "radio") el.checked = el.value === value;
    else if (el.value !== value) {
      // A reader with the cursor in the field (without typing) keeps it where it was.
      const focused = document.activeElement === el;
      const [start, end] = [el.selectionStart, el.selectionEnd];
      el.value = value;
      if (focused && start !== null && end !== null) el.setSelectionRange(Math.min(start, value.length), Math.min(end, value.length));
    }
  });
}
