/**
 * @mention autocomplete for one comment field (lazy-loaded on the first "@"). Shows the members
 * matching what follows the "@" before the caret; choosing one writes "@Full Name ". Without
 * JavaScript people type "@" and the e-mail address (or full name) themselves. The suggestions sit
 * right after the field (its `.mention-slot`), so Tab (or Arrow Down) reaches them next.
 */
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { mentionQuery, suggestMembers } from "~/lib/discussion/mentions";

type Member = { id: number; name: string };

export default function MentionSuggest({ field, members, label }: { field: HTMLTextAreaElement; members: Member[]; label: string }) {
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);

  useEffect(() => {
    const update = () => setQuery(document.activeElement === field ? mentionQuery(field.value, field.selectionStart ?? field.value.length) : null);
    update();
    field.addEventListener("input", update);
    field.addEventListener("keyup", update);
    field.addEventListener("click", update);
    const keys = (event: KeyboardEvent) => {
      const slot = field.parentElement?.querySelector<HTMLElement>(".mention-slot");
      if (event.key === "ArrowDown" && slot?.querySelector("button")) {
        event.preventDefault();
        slot.querySelector("button")!.focus();
      } else if (event.key === "Escape") setQuery(null);
    };
    field.addEventListener("keydown", keys);
    return () => {
      field.removeEventListener("keydown", keys);
      field.removeEventListener("input", update);
      field.removeEventListener("keyup", update);
      field.removeEventListener("click", update);
    };
  }, [field]);

  const matches = query ? suggestMembers(query.query, members) : [];
  const slot = field.parentElement?.querySelector(".mention-slot");
  if (!query || matches.length === 0 || !slot) return null;

  function choose(member: Member) {
    const caret = field.selectionStart ?? field.value.length;
    const text = `@${member.name} `;
    field.value = field.value.slice(0, query!.start) + text + field.value.slice(caret);
    field.focus();
    field.setSelectionRange(query!.start + text.length, query!.start + text.length);
    setQuery(null);
  }

  return createPortal(
    <div className="mention-suggest" role="group" aria-label={label}>
      {matches.map((m) => (
        <button
          key={m.id}
          type="button"
          className="secondary small"
          // Keep the focus (and caret) in the text field while clicking.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => choose(m)}
        >
          @{m.name}
        </button>
      ))}
    </div>,
    slot,
  );
}
