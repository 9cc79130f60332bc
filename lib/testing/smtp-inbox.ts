import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

export interface ReceivedMail {
  to: string[];
  /** The message as sent, quoted-printable soft line breaks undone so a long link reads whole. */
  text: string;
}

/** A real SMTP server on loopback that keeps what it receives, for tests that read the mail sent. */
export async function startSmtpInbox({ port: wanted }: { port?: number } = {}): Promise<{ url: string; received: ReceivedMail[]; waitForMailTo(address: string, nth?: number): Promise<ReceivedMail>; close(): Promise<void> }> {
  const port = wanted ?? (await freePort());
  const received: ReceivedMail[] = [];
  const waiting = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const text = /content-transfer-encoding:\s*quoted-printable/i.test(raw)
          ? raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
          : raw;
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        for (const wake of waiting) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    // Mail may be sent after the answer (so its delay tells nothing): wait for it, on events, not a clock.
    async waitForMailTo(address, nth = 1) {
      for (;;) {
        const mail = received.filter((m) => m.to.includes(address))[nth - 1];
        if (mail) return mail;
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            resolve();
          };
          waiting.add(wake);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
