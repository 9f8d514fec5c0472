/**
 * Norwegian strings of the status and assignee forms (app/components/cockpit/work.tsx). That module
 * adds them to the dictionary when it loads: on the chapter page it is a chunk loaded when a form
 * is opened. The status line's strings (work-line.tsx, rendered with the page) are in nb.ts.
 */
export const nbWork = {
  "work.save": "Lagre status",
  "work.bulkAssign": "Tildel alle som ikke er vedtatt til",
  "work.bulkAssignSubmit": "Tildel",
  "work.bulkAgree": "Merk kapitlet som vedtatt",
};
