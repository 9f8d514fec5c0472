/** Only same-site relative paths, so a crafted redirectTo cannot send users elsewhere. Shared by server and UI. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//")) return fallback;
  // Browsers drop tabs/newlines and treat "\\" as "/", which would turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\\]/.test(to)) return fallback;
  return to;
}
