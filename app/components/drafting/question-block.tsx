/**
 * One numbered question on a section page: its input, error, save state and history link.
 * With JavaScript it autosaves a moment after typing stops (through its own fetcher);
 * without, the section form's single Save button posts everything.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "~/lib/dates";
import { useLang, useT } from "~/lib/i18n";
import type { AnswerValue } from "~/lib/template/answers";
import type { FormItem } from "~/lib/template/form";
import { fieldName, sectionSchema } from "~/lib/template/section-schema";
import { useHydrated } from "~/lib/use-hydrated";
import { AnswerInput } from "./inputs";
import { MergePanel, type Conflict } from "./merge-panel";

export type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

export interface QuestionBlockProps {
  item: FormItem;
  stored: { value: AnswerValue; version: number; updatedByName: string | null; updatedAt: string } | undefined;
  /** What the user posted when the whole form came back (errors or conflict). */
  posted: unknown;
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
  const fetcher = useFetcher<{ versions?: Record<string, number>; conflicts?: Conflict[]; result?: { error?: Record<string, string[] | null> | null } }>({
    key: `save-${field}`,
  });
  const blockRef = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const schema = useMemo(() => sectionSchema([item], t), [item, t]);
  const [base, setBase] = useState(conflict?.theirVersion ?? stored?.version ?? 0);
  const [state, setState] = useState<SaveState>(conflict ? "conflict" : props.serverErrors?.length ? "error" : "saved");
  const [clientErrors, setClientErrors] = useState<string[] | undefined>();
  const [liveConflict, setLiveConflict] = useState<Conflict | undefined>(conflict);

  const update = (next: SaveState) => {
    setState(next);
    props.onStateChange(field, next);
  };

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const { versions, conflicts, result } = fetcher.data;
    const mine = conflicts?.find((c) => c.field === field);
    const errors = result?.error?.[field] ?? Object.entries(result?.error ?? {}).find(([k]) => k.startsWith(`${field}.`))?.[1];
    if (mine) {
      setLiveConflict(mine);
      update("conflict");
    } else if (errors?.length) {
      setClientErrors(errors);
      update("error");
    } else if (versions) {
      if (versions[field] !== undefined) setBase(versions[field]!);
      setClientErrors(undefined);
      update("saved");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  function validate(): FormData | null {
    const data = blockFormData(blockRef.current!);
    const submission = parseWithZod(data, { schema });
    const errors = submission.status === "error" ? Object.entries(submission.error ?? {}).flatMap(([, e]) => e ?? []) : [];
    setClientErrors(errors.length ? errors : undefined);
    return errors.length ? null : data;
  }

  function save() {
    const data = validate();
    if (!data) return update("error");
    data.set("intent", "save");
    data.set("autosave", "1");
    update("saving");
    fetcher.submit(data, { method: "post" });
  }

  function onEdit() {
    if (state === "conflict") return; // wait for the user to resolve the merge
    update("dirty");
    clearTimeout(timer.current);
    timer.current = setTimeout(save, AUTOSAVE_DELAY_MS);
  }

  function resolve(useTheirs: boolean) {
    if (!liveConflict) return;
    if (useTheirs) applyValue(blockRef.current!, field, liveConflict.theirs);
    setBase(liveConflict.theirVersion);
    setLiveConflict(undefined);
    // Save after React has rendered the new base version into the hidden input.
    setTimeout(save, 0);
  }

  const errors = clientErrors ?? props.serverErrors;
  const errorId = errors?.length ? `error-${field}` : undefined;
  return (
    <div
      ref={blockRef}
      className={`question state-${state}`}
      id={`q-${item.number}`}
      hidden={props.hidden}
      onInput={onEdit}
      onChange={onEdit}
      data-field={field}
    >
      <input type="hidden" name={`v.${field}`} value={base} readOnly />
      {props.hint ? <p className="muted small">{props.hint}</p> : null}
      <AnswerInput item={item} field={field} defaultValue={props.posted ?? stored?.value} errorId={errorId} invalid={Boolean(errorId)} onYesNo={props.onYesNo} />
      {errors?.length ? (
        <ul className="field-error" id={errorId} role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {liveConflict ? <MergePanel item={item} conflict={liveConflict} onResolve={hydrated ? resolve : undefined} /> : null}
      <p className="question-meta small">
        <span className={`save-state save-${state}`} aria-live="polite" data-testid={`state-${field}`}>
          {t(`drafting.state.${state}`)}
        </span>
        {stored?.updatedByName ? (
          <span className="muted">{t("response.lastEdited", { name: stored.updatedByName, when: formatDateTime(stored.updatedAt, lang) })}</span>
        ) : null}
        <Link to={props.historyHref}>{t("drafting.history")}</Link>
      </p>
    </div>
  );
}

/** Puts a stored value into the block's inputs (used when taking the other version). */
function applyValue(block: HTMLElement, field: string, value: AnswerValue) {
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
    else el.value = value;
  });
}
