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
  "voice.adoptRanking": "Bruk forslaget i svaret",
  "voice.sentence": "Medlemmene setter {first} først; {voters} av {eligible} har rangert.",
  "voice.sentenceOrder": "Forslaget i rekkefølge:",
  "voice.uncertain": "Metodene gir ikke helt samme rekkefølge; se hvordan forslaget er regnet ut før du bruker det.",
  "voice.method": "Slik er forslaget regnet ut",
  "voice.noRankings": "Ingen medlemmer har rangert ennå.",
  "voice.done": "Lagret.",
  "voice.readReasons": "Les begrunnelsene",
  "voice.reasonsLoading": "Henter begrunnelsene …",
  "voice.readMethod": "Se utregningen",
  "voice.methodLoading": "Henter utregningen …",
};
