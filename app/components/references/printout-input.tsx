/** A printout as a file (PDF or text) or pasted text: shared by "start from a printout" and reference answers. */
import { useT } from "~/lib/i18n";

export function PrintoutInput({ maxMegabytes, text }: { maxMegabytes: number; text?: string }) {
  const t = useT();
  return (
    <>
      <label>
        {t("printout.file", { max: maxMegabytes })}
        <input type="file" name="file" accept=".pdf,.txt,application/pdf,text/plain" />
      </label>
      <label>
        {t("printout.paste")}
        <textarea name="text" rows={6} defaultValue={text} />
      </label>
    </>
  );
}
