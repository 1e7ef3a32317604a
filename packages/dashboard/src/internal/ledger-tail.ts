import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { InvalidRequestError, parseImpactRecord, type ImpactRecord } from '@wattlens/core';

/** Options of {@link LedgerTail}. */
export interface LedgerTailOptions {
  /** The ledger file (JSON Lines of `ImpactRecord`s). It may not exist yet. */
  readonly path: string;
  /** How often to look for appended lines, in milliseconds. */
  readonly pollIntervalMs: number;
  /** Called with every record, in file order. */
  readonly onRecord: (record: ImpactRecord) => void;
  /** Called for every complete line that is not a record (never with its content). */
  readonly onSkippedLine: (line: number) => void;
}

/** Bytes read at once. */
const CHUNK_BYTES = 1 << 20;
/** Longest line kept while waiting for its newline; a record is a few hundred bytes to a few kB. */
const MAX_LINE_CHARACTERS = 1 << 20;

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads a ledger file and follows what is appended to it, like `tail -f`: every complete line
 * once, in order. A last line without its newline waits until the newline comes (a writer
 * mid-append). A file that shrinks or is replaced (rotation) is read again from its start. A file
 * that does not exist yet is waited for.
 */
export class LedgerTail {
  readonly #options: LedgerTailOptions;
  #offset = 0;
  #inode: number | undefined;
  #decoder = new StringDecoder('utf8');
  #remainder = '';
  /** Whether the current line outgrew {@link MAX_LINE_CHARACTERS}: it is dropped up to its newline. */
  #discarding = false;
  #lineNumber = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: LedgerTailOptions) {
    this.#options = options;
  }

  /**
   * Reads what the file holds now, then follows it.
   *
   * @throws {InvalidRequestError} when the path is a directory; the file system's error when the file cannot be read (`EACCES`).
   */
  async start(): Promise<void> {
    await this.#read(true);
    this.#schedule();
  }

  /** Reads whatever was appended since the last read; resolves once it is delivered. */
  poll(): Promise<void> {
    this.#reading = this.#reading.then(() => this.#read(false));
    return this.#reading;
  }

  /** Stops following the file. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#reading;
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.poll().finally(() => this.#schedule());
    }, this.#options.pollIntervalMs);
  }

  async #read(strict: boolean): Promise<void> {
    if (this.#closed) return;
    let size: number;
    let inode: number;
    try {
      const info = await stat(this.#options.path);
      if (!info.isFile()) {
        if (strict) throw new InvalidRequestError({ field: 'options.ledger', value: this.#options.path, expected: 'a ledger file (JSON Lines), not a directory' });
        return;
      }
      size = info.size;
      inode = info.ino;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      if (strict) throw error;
      return;
    }
    if ((this.#inode !== undefined && inode !== this.#inode) || size < this.#offset) this.#restart();
    this.#inode = inode;
    if (size === this.#offset) return;
    let handle;
    try {
      handle = await open(this.#options.path, 'r');
    } catch (error) {
      if (strict && errorCode(error) !== 'ENOENT') throw error;
      return;
    }
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      while (!this.#closed) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, this.#offset);
        if (bytesRead === 0) break;
        this.#offset += bytesRead;
        this.#take(this.#decoder.write(buffer.subarray(0, bytesRead)));
      }
    } catch (error) {
      if (strict) throw error;
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  #restart(): void {
    this.#offset = 0;
    this.#decoder = new StringDecoder('utf8');
    this.#remainder = '';
    this.#discarding = false;
    this.#lineNumber = 0;
  }

  #take(text: string): void {
    const lines = (this.#remainder + text).split('\n');
    this.#remainder = lines.pop() ?? '';
    // The first complete line ends a line that outgrew the cap in an earlier read: drop it.
    let dropFirst = this.#discarding && lines.length > 0;
    if (lines.length > 0) this.#discarding = false;
    if (this.#remainder.length > MAX_LINE_CHARACTERS) {
      this.#remainder = '';
      this.#discarding = true;
    }
    for (const line of lines) {
      this.#lineNumber += 1;
      if (dropFirst) {
        dropFirst = false;
        this.#options.onSkippedLine(this.#lineNumber);
        continue;
      }
      if (line.trim() === '') continue;
      let record: ImpactRecord;
      try {
        record = parseImpactRecord(JSON.parse(line));
      } catch {
        this.#options.onSkippedLine(this.#lineNumber);
        continue;
      }
      this.#options.onRecord(record);
    }
  }
}
