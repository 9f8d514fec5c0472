/**
 * A real SMTP server for tests (nodemailer's smtp-server) on a free port. Every mail that arrives
 * is parsed with mailparser and kept. Its behaviour can be changed while it runs: require AUTH,
 * offer STARTTLS with a self-signed certificate made by openssl, answer 4xx or 5xx, go down and
 * come back on the same port.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { freePort } from "./server";

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
  /** Whether the session was encrypted (STARTTLS or TLS). */
  secure: boolean;
  user: string | undefined;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** What the server answers to the next DATA commands: "ok", a 4xx or a 5xx reply. */
  answer: { mode: "ok" } | { mode: "reject"; code: number; message: string };
  /** Delay before each answer to DATA (to catch a process mid-batch). */
  dataDelayMs: number;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
  /** Waits until `count` mails have arrived (or throws after timeoutMs, naming what arrived). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The certificate's PEM (STARTTLS servers) for SMTP_CA_FILE. */
  caFile?: string;
}

export interface SmtpOptions {
  auth?: { user: string; pass: string };
  tls?: boolean;
}

/** A self-signed certificate for 127.0.0.1/localhost, made by openssl for this run. */
export function selfSignedCert(): { dir: string; key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-smtp-cert-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    { stdio: "ignore" },
  );
  return { dir, key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8"), certFile };
}

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const port = await freePort();
  const cert = options.tls ? selfSignedCert() : null;
  let server: SMTPServer | null = null;
  const waiters = new Set<() => void>();
  const smtp: TestSmtp = {
    port,
    url: options.auth
      ? `smtp://${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    received: [],
    answer: { mode: "ok" },
    dataDelayMs: 0,
    caFile: cert?.certFile,
    async down() {
      if (!server) return;
      const s = server;
      server = null;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async up() {
      if (server) return;
      const config: SMTPServerOptions = {
        authOptional: !options.auth,
        disabledCommands: [...(options.auth ? [] : ["AUTH"]), ...(cert ? [] : ["STARTTLS"])],
        // AUTH only after STARTTLS when TLS is offered (as real servers do).
        allowInsecureAuth: !cert,
        ...(cert ? { key: cert.key, cert: cert.cert } : {}),
        logger: false,
        // Going down drops open connections at once (a crashed or restarted server).
        closeTimeout: 50,
        onAuth(auth, _session, callback) {
          if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
          return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            setTimeout(() => {
              const answer = smtp.answer;
              if (answer.mode === "reject") return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
              const raw = Buffer.concat(chunks).toString("utf8");
              simpleParser(raw).then(
                (parsed) => {
                  smtp.received.push({
                    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                    parsed,
                    raw,
                    secure: session.secure,
                    user: session.user as string | undefined,
                  });
                  for (const w of waiters) w();
                  callback();
                },
                (error: Error) => callback(error),
              );
            }, smtp.dataDelayMs);
          });
        },
      };
      server = new SMTPServer(config);
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      server.on("error", () => {});
    },
    async stop() {
      await smtp.down();
      if (cert) rmSync(cert.dir, { recursive: true, force: true });
    },
    waitFor(count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (smtp.received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(smtp.received);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mails, got ${smtp.received.length}: ${smtp.received.map((m) => m.parsed.subject).join(" | ")}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
  await smtp.up();
  return smtp;
}

/** The first link under `origin` in a mail's text part. */
export function linkIn(mail: ReceivedMail, origin: string, pathPrefix = "/"): string | undefined {
  const escaped = (origin + pathPrefix).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return mail.parsed.text?.match(new RegExp(`${escaped}[^\\s]*`))?.[0];
}
