/**
 * Norwegian strings of live updates and presence (app/lib/live/connection.ts and
 * app/components/live/). The live chunk adds them when it loads, before any live event can be shown.
 */
export const nbLive = {
  "live.here": "Også her nå",
  "live.hereIn": "{name} (i {where})",
  "live.elsewhere": "et annet kapittel",
  "live.overview": "oversikten",
  "live.typing.one": "{name} skriver …",
  "live.typing.two": "{first} og {second} skriver …",
  "live.typing.many": "{first} og {count} andre skriver …",
  "live.updated": "{name} oppdaterte spørsmål {number}.",
  "live.newerVersion": "{name} lagret en nyere versjon",
  "live.newerVersionExplain": "{name} lagret dette svaret {when} mens du skrev. Teksten din er ikke lagret ennå og ikke borte: slå sammen før du lagrer.",
  "live.offline": "Mistet forbindelsen; prøver igjen …",
} as const;
