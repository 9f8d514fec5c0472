/**
 * What a form part is called on pages: the template's title, or for the sender part, general
 * feedback and an untitled question group the UI's own words in the reader's language
 * ("Avsender" / "Sender", "Spørsmål 5–7" / "Questions 5–7"). Documents print no part titles.
 */
import type { FormSection, SectionKind } from "../../consultation/form";
import type { MessageKey, Translate } from "~/lib/i18n";

/** A part's title inputs, small enough for loader data. */
export interface SectionHeading {
  kind: SectionKind;
  title?: string;
  /** First and last item number of the part. */
  from: number;
  to: number;
}

export function sectionHeading(section: FormSection): SectionHeading {
  return {
    kind: section.kind,
    ...(section.title ? { title: section.title } : {}),
    from: section.items[0]?.number ?? 0,
    to: section.items[section.items.length - 1]?.number ?? 0,
  };
}

/** The title as given, or the dictionary key and parameters that name the part. */
export function sectionTitleKey(heading: SectionHeading): { text: string } | { key: MessageKey; params?: Record<string, number> } {
  if (heading.title) return { text: heading.title };
  if (heading.kind === "sender") return { key: "section.sender" };
  if (heading.kind === "general") return { key: "section.general" };
  return heading.from === heading.to
    ? { key: "section.groupOne", params: { from: heading.from } }
    : { key: "section.group", params: { from: heading.from, to: heading.to } };
}

export function sectionTitle(heading: SectionHeading, t: Translate): string {
  const named = sectionTitleKey(heading);
  return "text" in named ? named.text : t(named.key, named.params);
}
