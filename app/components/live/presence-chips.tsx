/**
 * Who else has the response open: a chip with initials per person (the full name and where they
 * are for screen readers and on hover). Those on `sectionId` come first; others are dimmed.
 */
import { useT } from "~/lib/i18n";
import { usePresence, type PresentUser } from "~/lib/live/live-state";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

export function PresenceChips({ sectionId, sectionNames = {} }: { sectionId: string | null; sectionNames?: Record<string, string> }) {
  const t = useT();
  const users = usePresence();
  if (!users.length) return null;
  const here = (user: PresentUser) => sectionId !== null && user.sections.includes(sectionId);
  const where = (user: PresentUser) => {
    if (here(user)) return null;
    const names = user.sections.map((id) => sectionNames[id] ?? t("live.elsewhere"));
    return names.length ? [...new Set(names)].join(", ") : t("live.overview");
  };
  const sorted = [...users].sort((a, b) => Number(here(b)) - Number(here(a)));
  return (
    <div className="presence" data-testid="presence">
      <span className="muted small">{t("live.here")}:</span>
      <ul aria-label={t("live.here")}>
        {sorted.map((user) => {
          const place = where(user);
          const label = place ? t("live.hereIn", { name: user.name, where: place }) : user.name;
          return (
            <li key={user.id} className={`chip${place && sectionId !== null ? " away" : ""}`} title={label}>
              <span aria-hidden="true">{initials(user.name)}</span>
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
