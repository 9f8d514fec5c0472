/**
 * The SMTP transport, from `SMTP_URL` (`smtp://user:pass@host:587` uses STARTTLS when the server
 * offers it; `smtps://…:465` is TLS from the start; `?requireTLS=true` refuses a server without
 * STARTTLS) and `MAIL_FROM` (`"Høringssvar <noreply@example.no>"`). `SMTP_CA_FILE` names a PEM
 * file of extra certificates to trust (a private CA). Without `SMTP_URL` there is no transport:
 * mail stays in the outbox table and is logged (development).
 */
import { readFileSync } from "node:fs";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { publicUrl } from "../config/public-url.server";

export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL?.trim());
}

export function smtpOptions(raw = process.env.SMTP_URL?.trim()): SMTPTransport.Options | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("SMTP_URL is not a URL (expected e.g. smtp://user:password@smtp.example.no:587)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  const secure = url.protocol === "smtps:";
  const ca = process.env.SMTP_CA_FILE ? readFileSync(process.env.SMTP_CA_FILE, "utf8") : undefined;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: url.searchParams.get("requireTLS") === "true",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    tls: ca ? { ca } : undefined,
    // One connection, reused while there is mail to send.
    pool: true,
    maxConnections: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as SMTPTransport.Options;
}

export function createSmtpTransport(): Transporter<SMTPTransport.SentMessageInfo> | null {
  const options = smtpOptions();
  return options ? nodemailer.createTransport(options) : null;
}

/** The From address: MAIL_FROM, or noreply@ the public host. */
export function mailFrom(): string {
  const configured = process.env.MAIL_FROM?.trim();
  if (configured) return configured;
  return `Høringssvar <noreply@${mailDomain()}>`;
}

/** The domain used in Message-IDs: PUBLIC_URL's host, else MAIL_FROM's domain, else localhost. */
export function mailDomain(): string {
  const host = publicUrl()?.hostname;
  if (host) return host;
  const from = process.env.MAIL_FROM?.match(/@([^>\s]+)/)?.[1];
  return from ?? "localhost";
}
