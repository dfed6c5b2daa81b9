// Text in files from collectivities comes in UTF-8 (with or without BOM), Latin-1 or Windows-1252, and
// sometimes a mix of them (a register edited by several tools). Each value is decoded on its own: UTF-8 when
// its bytes are valid UTF-8, Windows-1252 (a superset of Latin-1's printable characters) otherwise.
import { isUtf8 } from 'node:buffer';

const windows1252 = new TextDecoder('windows-1252');

export type Encoding = 'ascii' | 'utf-8' | 'windows-1252';

/** Tallies which encodings the values of a file were in, to say so in the report. */
export class EncodingTally {
  utf8 = 0;
  windows1252 = 0;
  /** First lines where Windows-1252 was read, when the file is mostly UTF-8 (a mixed file). */
  readonly legacyLines: number[] = [];
  readonly utf8Lines: number[] = [];

  decode(bytes: Buffer, line: number): string {
    if (isAscii(bytes)) return bytes.toString('latin1');
    if (isUtf8(bytes)) {
      this.utf8++;
      if (this.utf8Lines.length < 5 && this.utf8Lines.at(-1) !== line) this.utf8Lines.push(line);
      return bytes.toString('utf8');
    }
    this.countLegacy(line);
    return windows1252.decode(bytes);
  }

  private countLegacy(line: number) {
    this.windows1252++;
    if (this.legacyLines.length < 5 && this.legacyLines.at(-1) !== line) this.legacyLines.push(line);
  }

  /**
   * A value read as Latin-1 (one character per byte, so no byte is lost): plain ASCII is already right, and
   * so is Latin-1 text, where no byte could start a UTF-8 character and none is one of the few that
   * Windows-1252 reads otherwise (0x80–0x9F); anything else is decoded again from its bytes.
   */
  decodeRaw(raw: string, line: number): string {
    if (!/[^\x00-\x7f]/.test(raw)) return raw;
    if (!/[\x80-\x9f]|[\xc2-\xf4][\x80-\xbf]/.test(raw)) {
      this.countLegacy(line);
      return raw;
    }
    return this.decode(Buffer.from(raw, 'latin1'), line);
  }

  /** The file's encoding as people name it. */
  get encoding(): Encoding {
    if (this.windows1252 > 0) return 'windows-1252';
    return this.utf8 > 0 ? 'utf-8' : 'ascii';
  }

  /** A warning when both encodings were found in one file, naming lines of the minority one. */
  get mixedWarning(): string | null {
    if (this.utf8 === 0 || this.windows1252 === 0) return null;
    const [minority, lines] = this.utf8 < this.windows1252 ? ['UTF-8', this.utf8Lines] : ['Latin-1 (Windows-1252)', this.legacyLines];
    return `The file mixes UTF-8 and Latin-1 text: each value was read in its own encoding; check the accents of lines ${lines.join(', ')} (${minority})`;
  }
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/** Text of a whole small file (JSON, iCalendar): UTF-8 without its BOM, else Windows-1252. */
export function decodeWhole(bytes: Buffer): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  return isUtf8(body) ? body.toString('utf8') : windows1252.decode(body);
}
