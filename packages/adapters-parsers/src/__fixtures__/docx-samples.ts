import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

/** A DOCX handbook with two heading levels, a list and a table. */
export async function buildDocx(title?: string): Promise<Uint8Array> {
  const document = new Document({
    ...(title ? { title } : {}),
    sections: [
      {
        children: [
          new Paragraph({ text: 'Returns', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Items can be returned within '), new TextRun({ text: '30 days', bold: true })] }),
          new Paragraph({ text: 'Refunds', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Refunds take five working days.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Shipping', heading: HeadingLevel.HEADING_1 }),
          new Table({
            rows: [
              new TableRow({
                children: ['Zone', 'Days'].map((cell) => new TableCell({ children: [new Paragraph(cell)] })),
              }),
              new TableRow({
                children: ['Europe', '3'].map((cell) => new TableCell({ children: [new Paragraph(cell)] })),
              }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
