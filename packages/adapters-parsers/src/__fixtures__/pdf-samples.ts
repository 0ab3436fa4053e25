import { PDFDocument, StandardFonts } from 'pdf-lib';
import { utf8 } from './bytes.js';

/** A PDF with one page per entry, each line of an entry drawn as a line of text. */
export async function buildPdf(pages: readonly string[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  if (title) pdf.setTitle(title);
  for (const content of pages) {
    const page = pdf.addPage();
    content.split('\n').forEach((line, index) => {
      if (line) page.drawText(line, { x: 50, y: 750 - index * 20, size: 12, font });
    });
  }
  return pdf.save();
}

/** A PDF whose pages hold only drawings (as a scan without OCR would). */
export async function buildPdfWithoutText(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return pdf.save();
}

/**
 * A hand-written PDF. With `encrypted`, its trailer names a standard security handler whose user
 * password is not empty, so it cannot be opened without a password. `pages` repeats its one page
 * (cheaply: the page tree lists the same page again and again).
 */
export function buildRawPdf(text: string, encrypted: boolean, pages = 1): Uint8Array {
  const stream = `BT /F1 12 Tf 50 700 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${'3 0 R '.repeat(pages)}] /Count ${pages} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (encrypted) {
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`);
  }
  let output = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(output.length);
    output += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = output.length;
  output += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  output += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const encryption = encrypted ? `/Encrypt ${objects.length} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : '';
  output += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${encryption} >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(output);
}
