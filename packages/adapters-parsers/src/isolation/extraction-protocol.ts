/** What the extraction worker is asked to do. */
export interface ExtractionRequest {
  format: 'pdf' | 'docx';
  bytes: Uint8Array;
  /** Extracted-text budget in UTF-8 bytes: extraction stops as soon as it is passed. */
  maxTextBytes: number;
  /** PDF only: more pages than this is refused before any is read. */
  maxPages: number;
  /** DOCX only: the inflated `word/document.xml`, whose text runs are counted before mammoth runs. */
  documentXml?: Uint8Array;
}

/** What the extraction worker answers: raw library output, normalised by the format parser. */
export type ExtractionResult =
  | { kind: 'pdf'; pages: string[]; title: string | null }
  | { kind: 'docx'; html: string }
  | { kind: 'refused'; reason: 'encrypted' | 'corrupt' | 'too_many_pages' | 'text_too_large' };
