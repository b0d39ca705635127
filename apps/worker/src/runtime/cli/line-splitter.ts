import { StringDecoder } from 'node:string_decoder';

/** Turns a byte stream into whole lines (UTF-8 safe across chunks); `end` returns the unterminated rest. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  push(chunk: Buffer): string[] {
    const lines = (this.rest + this.decoder.write(chunk)).split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    return lines;
  }

  end(): string[] {
    const last = this.rest + this.decoder.end();
    this.rest = '';
    return last === '' ? [] : [last];
  }
}
