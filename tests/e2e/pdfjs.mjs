// A PDF as Firefox shows it: pdf.js (pdfjs-dist, the reader built into Firefox) opens
// the file, with a password when given, and returns its text page by page. A file it
// will not open answers { ok: false, reason }: "needs a password" or "wrong password"
// when pdf.js asks for one, otherwise pdf.js's own message.
import { readFileSync } from "node:fs";
import { getDocument, PasswordResponses } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfjsOpen(file, password) {
  const task = getDocument({
    data: new Uint8Array(readFileSync(file)),
    password,
    // Only the file's bytes are read: no font loading, no eval, no console chatter.
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((i) => i.str + (i.hasEOL ? "\n" : "")).join(""));
    }
    const { info } = await doc.getMetadata();
    return { ok: true, pages, text: pages.join(" ").replace(/\s+/g, " "), title: info?.Title };
  } catch (err) {
    if (err?.name !== "PasswordException") return { ok: false, reason: String(err?.message ?? err) };
    const wrong = err.code === PasswordResponses.INCORRECT_PASSWORD;
    return { ok: false, reason: wrong ? "wrong password" : "needs a password" };
  } finally {
    await task.destroy();
  }
}
