// A real SMTP server for tests (smtp-server on 127.0.0.1, a free port), keeping every
// message it receives, parsed (mailparser), for the test to read.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  /** The HTML part ('' when none). */
  html: string;
  /** Headers as mailparser gives them, lower-case names. */
  headers: Map<string, unknown>;
  /** Each header as sent (name in lower case → the value, unfolded). */
  rawHeaders: Record<string, string>;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  /** The first message to `to` matching `subject`, waiting for it up to `timeoutMs`. */
  waitFor(to: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  /** Makes the server refuse the next `n` messages with a temporary error (451). */
  refuseNext(n: number): void;
  /** Makes the server refuse the next `n` messages for good (550). */
  refuseNextPermanently(n: number): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let refuse = 0;
  let refuseCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No reverse DNS of the client per connection (slow where no resolver answers).
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      if (refuse > 0) {
        refuse--;
        stream.resume();
        const responseCode = refuseCode;
        stream.on('end', () =>
          callback(Object.assign(new Error(responseCode >= 500 ? 'no such user' : 'try again later'), { responseCode })),
        );
        return;
      }
      simpleParser(stream)
        .then((m) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            headers: m.headers as Map<string, unknown>,
            rawHeaders: Object.fromEntries(
              m.headerLines.map((h) => [
                h.key,
                h.line
                  .slice(h.line.indexOf(':') + 1)
                  .replace(/\r?\n[ \t]+/g, ' ')
                  .trim(),
              ]),
            ),
            messageId: m.messageId ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(to, subject, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.to === to && subject.test(m.subject));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no mail to ${to} with subject ${subject} within ${timeoutMs} ms (got: ${messages.map((m) => `${m.to} ${m.subject}`).join('; ') || 'none'})`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    refuseNext(n) {
      refuse = n;
      refuseCode = 451;
    },
    refuseNextPermanently(n) {
      refuse = n;
      refuseCode = 550;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
