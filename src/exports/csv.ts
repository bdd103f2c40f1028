/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled; lines end CRLF. */
export function csvField(value: unknown): string {
  if (value == null) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection): prefix a quote.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (values: unknown[]) => `${values.map(csvField).join(',')}\r\n`;
