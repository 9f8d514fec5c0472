/** Labelled inputs for Conform forms: errors (i18n keys) are translated and wired up via aria-describedby. */
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { isMessageKey, useT, type Translate } from "~/lib/i18n";

export function translateError(t: Translate, error: string, params?: Record<string, string | number>): string {
  return isMessageKey(error) ? t(error, params) : error;
}

export function ErrorList({ id, errors, params }: { id?: string; errors?: string[]; params?: Record<string, string | number> }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {errors.map((e) => (
        <p key={e} className="field-error">
          {translateError(t, e, params)}
        </p>
      ))}
    </div>
  );
}

export function TextField({
  label,
  field,
  type,
  hint,
  autoComplete,
}: {
  label: ReactNode;
  field: FieldMetadata<string | undefined>;
  type: "text" | "email" | "password";
  hint?: ReactNode;
  autoComplete?: string;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div>
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="muted small">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
