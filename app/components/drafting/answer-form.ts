/**
 * The id of the section page's answer <form>. Its inputs sit inside measure units next to
 * threads and tallies, which have forms of their own; forms cannot nest, so every answer input
 * names its form with the `form` attribute instead of being inside it.
 */
import { createContext, useContext } from "react";

export const AnswerFormContext = createContext<string | undefined>(undefined);

export function useAnswerForm(): string | undefined {
  return useContext(AnswerFormContext);
}
