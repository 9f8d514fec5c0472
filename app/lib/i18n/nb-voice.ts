/**
 * Norwegian strings of members' voice on the chapter page (tallies, the suggested ranking, reasons);
 * the voice's other strings (the "Mitt syn" page, errors, overview) are in nb-pages.ts.
 * The chapter page's voice chunk adds them when it loads (app/components/member-voice/voice.tsx),
 * so the chapter page does not fetch the other pages' strings (nb-pages.ts); loadPageStrings
 * (app/lib/i18n) adds them too, for the other pages that show members' voice.
 */
export const nbVoice = {
  "voice.myView": "Mitt syn",
  "voice.yes": "Ja",
  "voice.no": "Nei",
  "voice.none": "Ingen formening",
  "voice.tallyTitle": "Medlemmenes syn",
  "voice.reasons": "Begrunnelser ({count})",
  "voice.setMine": "Sett mitt syn til {view}",
  "voice.adoptMajority": "Bruk flertallets svar ({view}) i svaret",
  "voice.suggested": "Medlemmenes prioritering",
  "voice.points": "{points} poeng, {first} førsteplasser",
  "voice.schulze": "Kontroll med Schulze-metoden: {order}",
  "voice.schulzePartial": "Kontroll med Schulze-metoden: {order}; ingen rekkefølge innen andre par.",
  "voice.disagree": "Borda og Schulze gir ulik rekkefølge på de foreslåtte plassene. Se over før du bruker forslaget.",
  "voice.agree": "Schulze-metoden gir samme rekkefølge.",
  "voice.adoptRanking": "Bruk forslaget i svaret",
  "voice.sentence": "Medlemmene setter {first} først; {voters} av {eligible} har rangert.",
  "voice.sentenceOrder": "Forslaget i rekkefølge:",
  "voice.uncertain": "Metodene gir ikke helt samme rekkefølge; se hvordan forslaget er regnet ut før du bruker det.",
  "voice.method": "Slik er forslaget regnet ut",
  "voice.borda": "Hvert medlems rangering gir poeng (Borda): rangering 1 gir {max} poeng, neste én mindre, ikke rangert 0. Flest poeng først; likt antall avgjøres av flest førsteplasser.",
  "voice.noRankings": "Ingen medlemmer har rangert ennå.",
  "voice.done": "Lagret.",
  "voice.readReasons": "Les begrunnelsene",
  "voice.reasonsLoading": "Henter begrunnelsene …",
};
