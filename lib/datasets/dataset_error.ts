/** Raised for a malformed dataset row, naming the file, the line (or row) and the field. */
export class DatasetRowError extends Error {
  /** The file the row came from. */
  readonly file: string;
  /** 1-based line number (JSONL) or row number (Parquet). */
  readonly line: number;
  /** The field at fault, when one is. */
  readonly field: string | undefined;
  /** Makes the error; the message names `file:line`, the field and `detail`. */
  constructor(file: string, line: number, field: string | undefined, detail: string) {
    super(`Cannot read ${file}:${line}${field ? `: field "${field}"` : ""}: ${detail}`);
    this.name = "DatasetRowError";
    this.file = file;
    this.line = line;
    this.field = field;
  }
}
