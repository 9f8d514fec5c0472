/**
 * Decodes a Remix single-fetch reply (`POST <page>.data`, turbo-stream): the flat JSON array on
 * its first line, where objects map `_<key index>` to a value index. Enough for action data
 * (objects, arrays, strings, numbers, booleans; negative indices are undefined/null).
 */
export function decodeSingleFetch(text: string): unknown {
  const flat = JSON.parse(text.split("\n")[0]!) as unknown[];
  const decode = (i: number): unknown => {
    if (i < 0) return undefined;
    const v = flat[i];
    if (Array.isArray(v)) return v.map((j) => decode(j as number));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, j] of Object.entries(v)) out[flat[Number(k.slice(1))] as string] = decode(j as number);
      return out;
    }
    return v;
  };
  return (decode(0) as { data?: unknown }).data;
}

/** The reply of an autosave: new versions on success, the conflicts on 409. */
export interface SaveReply {
  versions?: Record<string, number>;
  conflicts?: { field: string; theirVersion: number }[];
}
