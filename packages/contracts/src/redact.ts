// The one redactor: text that came from a provider, a CLI agent or an error passes through it
// before it is stored, logged or returned. It knows two kinds of secret: the exact values a
// process registers at start-up (the keys it may hand to agents, its database password), and
// the shapes keys have everywhere (API tokens, `sk-…` keys, bearer credentials, passwords in
// URLs), so a key echoed back by a provider is caught even when nobody registered it.
// Pure: it reads no environment; each process registers what it knows.

export const REDACTED = '[redacted]';

/** Registered values shorter than this are ignored: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

const KEY_SHAPES: readonly RegExp[] = [
  /\bqd_[A-Za-z0-9_-]{20,}/g, // Quarterdeck API and login-link tokens (the 11-character display prefix stays readable)
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI, OpenRouter (sk-or-…), Anthropic (sk-ant-…), DeepSeek
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bgsk_[A-Za-z0-9]{20,}/g, // Groq
];
/** `Bearer <credential>`: the word stays, the credential goes. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** `scheme://user:password@host`: the password goes. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | null = null;

  /** Adds exact secret values (empty, missing and very short ones are ignored). */
  register(...values: ReadonlyArray<string | null | undefined>): void {
    for (const value of values) {
      if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) this.#values.add(value);
    }
    // Longest first, so a secret that contains another is replaced whole.
    const sorted = [...this.#values].sort((a, b) => b.length - a.length);
    this.#pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  /** The text with every known secret and key shape replaced by `[redacted]`. */
  redact(text: string): string {
    let out = this.#pattern === null ? text : text.replace(this.#pattern, REDACTED);
    for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
    return out.replace(BEARER, `$1${REDACTED}`).replace(URL_PASSWORD, `$1${REDACTED}@`);
  }

  /** Every string inside a JSON-like value redacted (keys kept); other values untouched. */
  redactDeep<T>(value: T): T {
    return this.#deep(value) as T;
  }

  #deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#deep(item));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, this.#deep(field)]));
    }
    return value;
  }

  /**
   * Where `text` (raw, not yet redacted) can safely be cut when more may follow: before the
   * trailing run of key-like characters (with a `Bearer ` before it), before the longest tail
   * that begins a known value, and never inside an occurrence of a known value.
   */
  safeCut(text: string): number {
    const run = /(?:\bBearer\s+)?[A-Za-z0-9._~+/=:@-]*$/i.exec(text)?.[0].length ?? 0;
    let cut = text.length - Math.min(run, MAX_PENDING);
    for (const value of this.#values) {
      for (let length = Math.min(value.length - 1, text.length); length > text.length - cut; length--) {
        if (value.startsWith(text.slice(text.length - length))) {
          cut = text.length - length;
          break;
        }
      }
    }
    for (let moved = true; moved;) {
      moved = false;
      for (const value of this.#values) {
        const start = text.lastIndexOf(value, cut - 1);
        if (start !== -1 && start < cut && start + value.length > cut) {
          cut = start;
          moved = true;
        }
      }
    }
    return cut;
  }
}

/** A run of key-like characters longer than this is let through in pieces (still redacted whole where it fits). */
const MAX_PENDING = 1_024;

/**
 * Redacts text that arrives in chunks (a model's stream, a process's output), where a
 * secret may be split across two chunks: the tail that could still become one is held back
 * until the next chunk or `end()`.
 */
export class StreamRedactor {
  #held = '';

  constructor(private readonly redactor: Redactor) {}

  /** The part of everything so far that is safe to pass on. */
  push(chunk: string): string {
    const text = this.#held + chunk;
    const cut = this.redactor.safeCut(text);
    this.#held = text.slice(cut);
    return this.redactor.redact(text.slice(0, cut));
  }

  /** Whatever was held back, redacted. */
  end(): string {
    const rest = this.redactor.redact(this.#held);
    this.#held = '';
    return rest;
  }
}

/** The process's redactor: each process registers its secrets once at start-up. */
export const redactor = new Redactor();

export function redact(text: string): string {
  return redactor.redact(text);
}

/** The password in a connection URL such as DATABASE_URL, if it has one. */
export function passwordOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const password = new URL(url).password;
    return password === '' ? null : decodeURIComponent(password);
  } catch {
    return null;
  }
}
