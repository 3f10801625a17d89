import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based line of the file on which the row starts (the header is line 1). */
  line: number;
  cells: Record<string, string | undefined>;
}

/**
 * Reads a CSV with a header row (comma, semicolon or tab; an Excel BOM is dropped) into rows that
 * remember their line number, so an import can tell the user exactly which line was wrong.
 */
export function readCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const header: string[] = [];
  const rows: CsvRow[] = [];
  let rowStart = 0;
  let line = 1;
  Papa.parse<string[]>(source, {
    header: false,
    delimiter: guessDelimiter(source),
    skipEmptyLines: false,
    step: (result) => {
      const cursor = result.meta.cursor;
      const startLine = line;
      line += countNewlines(source, rowStart, cursor);
      rowStart = cursor;
      const values = result.data;
      if (header.length === 0) {
        header.push(...values.map((name) => name.trim().toUpperCase()));
        return;
      }
      if (values.length === 1 && values[0]!.trim() === '') return;
      const cells: Record<string, string | undefined> = Object.create(null);
      header.forEach((name, index) => {
        cells[name] = values[index];
      });
      rows.push({ line: startLine, cells });
    },
  });
  return { header, rows };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) if (text.charCodeAt(index) === 10) count += 1;
  return count;
}

/** Excel saves CSV with the list separator of the phone's or PC's locale: comma, semicolon or tab. */
function guessDelimiter(text: string): string {
  const headerLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const counts = [',', ';', '\t'].map((sep) => [sep, headerLine.split(sep).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}
