/**
 * Norwegian strings of the reference answers beside a measure (app/components/references/
 * measure-references.tsx), added to the dictionary when that lazily loaded module loads.
 */
export const nbReferences = {
  "refs.label": "Referansesvar",
  "refs.ranked": "rangert {rank}",
  "refs.notRanked": "ikke rangert",
  "refs.unanswered": "ikke besvart",
  "refs.feedback": "Tilbakemelding fra {organisation}",
};
