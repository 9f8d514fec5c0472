import type { FormItem } from "../../consultation/form";

/**
 * What a printout must keep of a form item, for comparing a template with the draft read back from
 * its printout: number, text, kind, ranking options, rank limit and the condition (by number).
 */
export const itemShape = (items: FormItem[], item: FormItem) => ({
  number: item.number,
  text: item.text,
  kind: item.answerType,
  rankOptions: item.rankOptions?.map((o) => `${o.number} ${o.label}`),
  maxRanks: item.maxRanks,
  askedWhen: item.askedWhen && { number: items.find((i) => i.key === item.askedWhen!.key)!.number, answer: item.askedWhen.answer },
});
