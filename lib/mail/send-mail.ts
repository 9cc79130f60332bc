import nodemailer from "nodemailer";
import { readEnv } from "@/lib/env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends through SMTP_URL when configured; returns false when mail is off, so callers show the link instead. */
export async function sendMail(message: MailMessage): Promise<boolean> {
  const env = readEnv();
  if (!env.SMTP_URL) return false;
  const transport = nodemailer.createTransport(env.SMTP_URL);
  try {
    await transport.sendMail({ from: env.SMTP_FROM, ...message });
    return true;
  } finally {
    transport.close();
  }
}
