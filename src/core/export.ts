import Papa from 'papaparse';

// Files people open in Excel, LibreOffice and QGIS. CSV: UTF-8 with a byte-order mark (so Excel
// shows Cyrillic), RFC 4180 quoting, CRLF line ends, and any cell that a spreadsheet would take for
// a formula (=, +, -, @, tab, carriage return first) made inert with a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type Cell = string | number | boolean | null | undefined;

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((row) =>
    row.map((value) => {
      if (value === null || value === undefined) return '';
      // Numbers stay numbers (a negative longitude is not a formula).
      return typeof value === 'number' ? String(value) : neutraliseFormula(String(value));
    }),
  );
  return `\uFEFF${Papa.unparse({ fields: [...header], data: cells }, { quotes: false, newline: '\r\n', escapeFormulae: false })}\r\n`;
}

export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, Cell>;
}

export function toGeoJson(features: GeoJsonFeature[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1);
}
