import { deflateSync } from 'node:zlib';
import { buildZip, utf8 } from './bytes.js';
import { buildDocx } from './docx-samples.js';

/**
 * A small, valid PDF whose one page has a Flate-compressed content stream of `(text) Tj`
 * operators that inflates to about `inflatedBytes` (tens of MB from a few hundred KB).
 */
export function buildPdfBomb(inflatedBytes = 60 * 1024 * 1024): Uint8Array {
  // Moving down and back up keeps every string on the page, so PDF.js extracts all of them.
  const line = '(Lorem ipsum dolor) Tj 0 -14 Td (sit amet) Tj 0 14 Td\n';
  const operators = `BT /F1 12 Tf 14 TL 50 700 Td\n${line.repeat(Math.ceil(inflatedBytes / line.length))}ET`;
  const stream = deflateSync(Buffer.from(operators, 'latin1'), { level: 9 });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (chunk: string | Buffer) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (number: number, ...body: Array<string | Buffer>) => {
    offsets[number] = length;
    write(`${number} 0 obj\n`);
    for (const chunk of body) write(chunk);
    write('\nendobj\n');
  };
  write('%PDF-1.4\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  );
  object(4, `<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, stream, '\nendstream');
  object(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const xref = length;
  write(`xref\n0 6\n0000000000 65535 f \n`);
  for (let number = 1; number <= 5; number++) write(`${String(offsets[number]).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** A DOCX whose document.xml is replaced by many paragraphs inflating to about `inflatedBytes`. */
export async function buildDocxBomb(inflatedBytes = 30 * 1024 * 1024): Promise<Uint8Array> {
  const paragraph = '<w:p><w:r><w:t>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</w:t></w:r></w:p>';
  const body = paragraph.repeat(Math.ceil(inflatedBytes / paragraph.length));
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:body>${body}</w:body></w:document>`;
  const { readZip } = await import('../formats/zip-archive.js');
  const parts = await readZip(await buildDocx(), { maxEntries: 100, maxTotalBytes: 10_000_000 }, () => true);
  return buildZip(
    [...parts].map(([name, content]) => ({
      name,
      content: name === 'word/document.xml' ? utf8(xml) : content,
    })),
  );
}
