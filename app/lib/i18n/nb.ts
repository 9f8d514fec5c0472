/** Norwegian bokmål: the default UI language. Every UI string lives here (and nb-pages.ts) and in en.ts. */
/**
 * The strings every page may need (layout, drafting, validation, export): in the main browser
 * bundle. Strings only other pages use (accounts, members, security log, consultations, editor,
 * import, move) are in nb-pages.ts, a chunk those pages load (app/lib/i18n/index.ts).
 */
export const nb = {
  "app.name": "Høringssvar",
  "nav.skip": "Hopp til innholdet",
  "nav.main": "Hovedmeny",
  "nav.home": "Forside",
  "nav.signIn": "Logg inn",
  "nav.signOut": "Logg ut",
  "nav.signUp": "Opprett konto",
  "nav.language": "English",
  "progress.answered": "{answered} av {total} besvart",
  "response.title": "Høringssvar",
  "response.organisation": "Organisasjon",
  "response.notAnswered": "Ikke besvart",
  "response.lastEdited": "Sist endret av {name}, {when}",
  "answer.yes": "Ja",
  "answer.no": "Nei",
  /** Language whose number format the UI uses (formatNumber). */
  "answer.numberLocale": "nb",
  "answer.rank": "Rangering {rank}",
  "error.notFound": "Fant ikke siden.",
  "error.forbidden": "Du har ikke tilgang til dette.",
  "error.generic": "Noe gikk galt. Prøv igjen.",
  "error.tooMany": "Du har gjort dette mange ganger på kort tid. Prøv igjen om {minutes} min.",
  // — validation (answer rules; see consultation/validate.ts) —
  "validation.unknownQuestion": "Skjemaet har ikke dette spørsmålet.",
  "validation.notAsked": "Spørsmålet stilles bare når spørsmål {trigger} er besvart {answer}; fjern svaret eller endre spørsmål {trigger}.",
  "validation.notYesNo": "Velg {yes} eller {no}.",
  "validation.unknownChoice": "Velg et av alternativene.",
  "validation.tooLong": "Teksten er for lang: {length} tegn, maks {max}.",
  "validation.badEmail": "Skriv en gyldig e-postadresse, f.eks. navn@eksempel.no.",
  "validation.notText": "Svaret må være tekst.",
  "validation.unknownMeasure": "Ukjent tiltak: {measure}.",
  "validation.measureRankedTwice": "Tiltak {measure} er rangert to ganger.",
  "validation.rankUsedTwice": "Rangering {rank} er brukt mer enn én gang.",
  "validation.rankOutOfRange": "Rangering «{rank}» er ugyldig; bruk 1 til {max}.",
  "validation.tooManyRanks": "Du kan angi inntil {max} tiltak.",
  "validation.rankGap": "Rangering {rank} er brukt uten rangering {missing}. Start med 1 og hopp ikke over noen.",
  "validation.notAnOption": "«{option}» er ikke et av alternativene.",
  "validation.optionTwice": "«{option}» er valgt mer enn én gang.",
  "validation.tooManyChoices": "Velg høyst {max} alternativer (du valgte {count}).",
  "validation.notNumber": "Skriv et tall, f.eks. 1 500 eller 12,5.",
  "validation.numberTooSmall": "Tallet må være minst {min}.",
  "validation.numberTooLarge": "Tallet må være høyst {max}.",
  "validation.notWhole": "Skriv et helt tall.",
  "validation.badVersion": "Ugyldig versjonsnummer i skjemaet. Last siden på nytt og prøv igjen.",
  "validation.missingVersion": "Svaret mangler versjonen det bygger på. Last siden på nytt og prøv igjen.",
  // — accounts —
  "accounts.org.newLink": "Opprett en organisasjon",
  // — drafting —
  "drafting.breadcrumb": "Brødsmuler",
  "drafting.sections": "Deler av skjemaet",
  "drafting.overview": "Oversikt",
  "drafting.history": "Historikk",
  "drafting.readAll": "Les hele svaret",
  "unit.numbers": "Spørsmål",
  "unit.voice": "Hva organisasjonen mener",
  "drafting.saveAll": "Lagre",
  "drafting.savedNotice": "Lagret ({count} endrede svar).",
  "drafting.unsavedHint": "Du har endringer som ikke er lagret.",
  "drafting.maxLength": "(maks {max} tegn)",
  "drafting.rankHint": "Velg inntil {max} tiltak og gi hvert en rangering. 1 er viktigst.",
  "drafting.noAnswer": "Ikke besvart",
  "drafting.maxChoices": "Velg inntil {max}.",
  "drafting.notRanked": "Ikke rangert",
  "drafting.askedWhen": "Besvares bare hvis du svarer {answer} over.",
  "drafting.state.saved": "Lagret",
  "drafting.state.dirty": "Ikke lagret",
  "drafting.state.saving": "Lagrer …",
  "drafting.state.error": "Ikke lagret – rett feilen",
  "drafting.state.conflict": "Ikke lagret – noen andre har endret svaret",
  "drafting.conflict.title": "Noen andre har endret dette svaret",
  "drafting.conflict.banner": "Ingenting ble lagret: noen andre har endret svar mens du skrev. Se de markerte spørsmålene.",
  "drafting.conflict.explain": "{name} lagret en ny versjon {when}, etter at du begynte å skrive. Teksten din er ikke borte.",
  "drafting.conflict.theirs": "Deres versjon (lagret)",
  "drafting.conflict.mine": "Din versjon (ikke lagret)",
  "drafting.conflict.diff": "Vis forskjellen ord for ord",
  "drafting.conflict.howTo": "Slå sammen i feltet over og lagre: lagringen din erstatter da deres versjon (den ligger i historikken).",
  "drafting.conflict.keepMine": "Lagre min versjon",
  "drafting.conflict.takeTheirs": "Bruk deres versjon",
  "drafting.conflict.unknownVersion": "Versjonen du startet fra (versjon {version}) finnes ikke. Det lagrede svaret vises her; lagre på nytt for å bygge på det.",
  "diff.lines": "Teksten er for lang til å sammenligne ord for ord; forskjellen vises linje for linje.",
  "diff.tooLarge": "For stor til å sammenligne ({chars} tegn). Se versjonene hver for seg.",
  "drafting.responseSections": "Deler",
  // Names of form parts the template does not title (app/lib/section-title.ts).
  "section.sender": "Avsender",
  "section.general": "Generelle tilbakemeldinger",
  "section.group": "Spørsmål {from}–{to}",
  "section.groupOne": "Spørsmål {from}",
  "drafting.preview": "Forhåndsvisning",
  // — export —
  "import.problemAt": "Spørsmål {number}: {message}",
  "error.title": "Feil {status}",
  // --- printout and reference answers (chapter page, overview, history) ---
  // --- submission pack (PDF, position summary, cover letter, personal-data warning) ---
  // --- cockpit (issue 9): status, assignee, deadlines, lock ---
  // the status line, bulk notice and lock banner (app/components/cockpit/work-line.tsx); the forms' strings are in nb-work.ts
  "work.status.open": "Åpen",
  "work.status.draft": "Utkast",
  "work.status.review": "Klar til gjennomgang",
  "work.status.agreed": "Vedtatt",
  "work.assigneeLabel": "Ansvarlig",
  "work.statusLabel": "Status",
  "work.unassigned": "Ingen",
  "work.formLabel": "Status og ansvarlig for punkt {number}",
  "work.change": "Endre",
  "work.changeElsewhere": "Endre status og ansvarlig på Gjenstår-siden",
  "work.bulkTitle": "Hele kapitlet",
  "work.bulkAssigned": "{count} spørsmål tildelt {name}.",
  "work.bulkAgreed": "{count} spørsmål merket som vedtatt.",
  "lock.banner": "Sendt inn {date}. Svaret er låst og kan bare leses til en administrator åpner det igjen.",
  "lock.link": "Se innsendingen",
  "error.locked": "Høringssvaret er sendt inn og låst for endringer. En administrator kan åpne det igjen.",
  // --- comments and notifications: the header's bell (the threads' and overview's strings are in nb-discussion.ts) ---
  "notifications.bell": "Varsler",
  "notifications.unreadSuffix": "uleste",
  // the chapter page's folded comment blocks (app/components/discussion/folded.tsx), server-rendered
  "discussion.openCount": "{count} åpne",
  "discussion.openThreads": "Åpne kommentarer: {count}",
  "discussion.heading": "Kommentarer til punkt {number}",
  "discussion.resolvedCount": "{count} løst",
  "discussion.loading": "Henter kommentarene …",
  "discussion.openPage": "Les og skriv kommentarer",
  // --- members' voice (history; all other strings are in nb-voice.ts: the chapter page's JS budget) ---
};
export type MessageKey =
  | keyof typeof nb
  | keyof typeof import("./nb-pages").nbPages
  | keyof typeof import("./nb-voice").nbVoice
  | keyof typeof import("./nb-discussion").nbDiscussion
  | keyof typeof import("./nb-work").nbWork
  | keyof typeof import("./nb-live").nbLive
  | keyof typeof import("./nb-references").nbReferences;
