import { z } from "zod";

/** A day as `YYYY-MM-DD`. ISO 8601 has a year 0000; PostgreSQL does not, and refuses it. */
export const calendarDate = z.iso.date().refine((d) => !d.startsWith("0000"), "Dates start at 0001-01-01.");
