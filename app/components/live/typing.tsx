/** "Kari Nordmann skriver …" under a question others have their cursor in (presence, live-state.ts). */
import { useT } from "~/lib/i18n";
import { usePresence } from "~/lib/live/live-state";

export function Typing({ questionKey }: { questionKey: string }) {
  const t = useT();
  const names = usePresence()
    .filter((user) => user.questions.includes(questionKey))
    .map((user) => user.name);
  if (!names.length) return null;
  const [first = "", second = ""] = names;
  return (
    <span className="typing" data-testid={`typing-${questionKey}`}>
      {names.length === 1
        ? t("live.typing.one", { name: first })
        : names.length === 2
          ? t("live.typing.two", { first, second })
          : t("live.typing.many", { first, count: names.length - 1 })}
    </span>
  );
}
