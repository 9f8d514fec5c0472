/**
 * Norwegian strings of the status and assignee controls and the submitted banner
 * (app/components/cockpit/work.tsx). That module adds them to the dictionary when it loads: on the
 * chapter page it is a lazy chunk, so the page's main bundle does not carry them.
 */
export const nbWork = {
  "work.status.open": "Åpen",
  "work.status.draft": "Utkast",
  "work.status.review": "Klar til gjennomgang",
  "work.status.agreed": "Vedtatt",
  "work.statusLabel": "Status",
  "work.assigneeLabel": "Ansvarlig",
  "work.unassigned": "Ingen",
  "work.save": "Lagre status",
  "work.formLabel": "Status og ansvarlig for punkt {number}",
  "work.bulkTitle": "Hele kapitlet",
  "work.bulkAssign": "Tildel alle som ikke er vedtatt til",
  "work.bulkAssignSubmit": "Tildel",
  "work.change": "Endre",
  "work.changeElsewhere": "Endre status og ansvarlig på Gjenstår-siden",
  "work.bulkAssigned": "{count} spørsmål tildelt {name}.",
  "work.bulkAgreed": "{count} spørsmål merket som vedtatt.",
  "work.bulkAgree": "Merk kapitlet som vedtatt",
  "lock.banner": "Sendt inn {date}. Svaret er låst og kan bare leses til en administrator åpner det igjen.",
  "lock.link": "Se innsendingen",
};
