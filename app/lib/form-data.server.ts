/** Reads a posted form; a body that is not a form (JSON, garbage) is the client's error: 400, not 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request: expected a form post", { status: 400 });
  }
}
