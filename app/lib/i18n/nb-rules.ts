/**
 * Norwegian messages of the answer rules (consultation/validate.ts). The browser needs them only
 * when it checks a field (app/lib/section-form/check-field.ts, a chunk loaded on the first input:
 * decision 94), which adds them when it loads; the other pages get them with loadPageStrings.
 */
export const nbRules = {
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
};
