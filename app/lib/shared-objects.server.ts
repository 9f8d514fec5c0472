/**
 * Equal plain objects of one loader result as one object. Remix's single fetch writes loader data
 * with turbo-stream, which writes an object it has already written as a reference to it
 * (`"_68":218`) instead of again (`{"_219":220,"_221":148,"_222":192,"_190":34}`): on a chapter
 * page most questions share the same status line and the same "last edited" (decision 93).
 * The objects must not be changed afterwards (the page reads them only).
 */
export function sharedObjects<T extends object>(): (value: T) => T {
  const seen = new Map<string, T>();
  return (value) => {
    const key = JSON.stringify(value);
    const first = seen.get(key);
    if (first) return first;
    seen.set(key, value);
    return value;
  };
}
