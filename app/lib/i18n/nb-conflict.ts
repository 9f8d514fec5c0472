/**
 * Norwegian strings of the merge view (app/components/drafting/conflict-panel.tsx), which adds them
 * when it loads: on the chapter page a chunk fetched when a save meets a newer answer (decision 94).
 */
export const nbConflict = {
  "drafting.conflict.title": "Noen andre har endret dette svaret",
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
};
