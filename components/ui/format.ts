/**
 * An en-GB date formatter made on its first use, not when its module loads: a page's first Intl
 * formatter loads ICU's locale data (20-50 ms in Chromium here, four times that on Lighthouse's
 * phone), which a page that imports this but formats no date while it starts should not pay for.
 */
export function lazyDateFormat(options: Intl.DateTimeFormatOptions): (value: string | Date) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (value) => (format ??= new Intl.DateTimeFormat("en-GB", options)).format(new Date(value));
}

// en-GB's short months as Intl writes them ("Sept" since CLDR 38).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];

function toDate(value: string | Date): Date {
  const date = new Date(value);
  // As Intl's format does.
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  return date;
}

const twoDigits = (n: number) => String(n).padStart(2, "0");

/**
 * "7 Dec 2026" in local time, as Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short",
 * year: "numeric" }) writes it, but without Intl: the documents table formats dates while the page
 * starts, and Intl's locale data would cost it that much (see lazyDateFormat).
 */
export function formatDate(value: string | Date): string {
  const date = toDate(value);
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** "7 Dec 2026, 05:07" in local time, as en-GB's Intl writes it with hour and minute "2-digit" (see formatDate). */
export function formatDateTime(value: string | Date): string {
  const date = toDate(value);
  return `${formatDate(date)}, ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A count with its noun: "1 day", "7 days", "1 glossary entry", "2 glossary entries". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}
