/**
 * Reads `COPY (SELECT <one column>) TO STDOUT WITH (FORMAT binary)` chunk by chunk and hands back
 * the column's bytes, row after row, as they are: no row becomes a JavaScript string. A CSV export
 * whose lines the database formats (server/resources/csvSql.ts) streams this way at the speed of
 * COPY. Format: PostgreSQL's binary COPY (signature, flags, header extension; per row a field
 * count, then each field's length and bytes, -1 for NULL; a field count of -1 ends the data).
 */
const signature = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const headerBytes = signature.length + 8;

export class CopyBinaryColumn {
  /** Rows read so far. */
  rows = 0;
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  /** The values of the complete rows in `chunk` (and what was left over before it), concatenated. */
  push(chunk: Buffer): Buffer {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    if (!this.headerRead) {
      if (data.length < headerBytes) return this.keep(data, 0);
      if (!data.subarray(0, signature.length).equals(signature)) throw new Error("not a binary COPY stream");
      const extension = data.readInt32BE(signature.length + 4);
      if (data.length < headerBytes + extension) return this.keep(data, 0);
      at = headerBytes + extension;
      this.headerRead = true;
    }
    const values: Buffer[] = [];
    while (!this.ended && at + 2 <= data.length) {
      const fields = data.readInt16BE(at);
      if (fields === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (fields !== 1) throw new Error(`binary COPY row with ${fields} fields, expected 1`);
      if (at + 6 > data.length) break;
      const length = data.readInt32BE(at + 2);
      const end = at + 6 + Math.max(length, 0);
      if (end > data.length) break;
      if (length > 0) values.push(data.subarray(at + 6, end));
      this.rows++;
      at = end;
    }
    this.keep(data, at);
    return values.length === 1 ? values[0] : Buffer.concat(values);
  }

  /** Throws unless the stream ended where the format says it ends (no cut-off row, no trailing bytes). */
  finish(): void {
    if (!this.ended || this.pending.length) throw new Error("binary COPY stream ended early");
  }

  private keep(data: Buffer, from: number): Buffer {
    // A copy: a subarray would keep the whole chunk alive until the next push.
    this.pending = from < data.length ? Buffer.from(data.subarray(from)) : Buffer.alloc(0);
    return Buffer.alloc(0);
  }
}
