import { Readable, pipeline } from 'node:stream';
import split2 from 'split2';
import { jsonShapeMessage, jsonShapeProblem } from '@rerank/contracts';

/** A line that is not one JSON value, or is too long; `line` counts from 1, blank lines included. */
export class JsonLineError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'JsonLineError';
  }
}

export interface JsonLine {
  /** From 1, blank lines included, as an editor numbers them. */
  number: number;
  value: unknown;
}

/**
 * The JSON values of an NDJSON stream, one per non-blank line (a leading BOM is dropped), read
 * as they arrive: memory holds one line, never the stream. Throws {@link JsonLineError} for a
 * line that is not JSON, is longer than `maxLineChars` or breaks the JSON shape limits (MAX_JSON_DEPTH,
 * MAX_JSON_OBJECT_FIELDS); an error of `input` is rethrown as is.
 * `linesRead` counts every line seen, blank ones included.
 */
export class JsonLinesReader {
  private numbered = 0;

  constructor(
    private readonly input: Readable,
    private readonly maxLineChars: number,
  ) {}

  get linesRead(): number {
    return this.numbered;
  }

  async *lines(): AsyncGenerator<JsonLine> {
    // split2 maps lines in order as it finds them, so the count is exact even when it fails on an
    // over-long line whose earlier neighbours were never consumed.
    const splitter = split2((text: string) => ({ number: ++this.numbered, text }), { maxLength: this.maxLineChars });
    const lines = pipeline(this.input, splitter, () => undefined) as AsyncIterable<{ number: number; text: string }>;
    const tooLong = `is longer than ${this.maxLineChars} characters`;
    try {
      for await (const line of lines) {
        if (line.text.length > this.maxLineChars) throw new JsonLineError(line.number, tooLong);
        const text = line.number === 1 ? line.text.replace(/^\uFEFF/, '') : line.text;
        if (text.trim() === '') continue;
        // Checked before parsing, as a JSON body is: JSON.parse and the walks after it cost far
        // more per byte for an object of 200,000 fields than for text.
        const shape = jsonShapeProblem(text);
        if (shape) throw new JsonLineError(line.number, jsonShapeMessage(shape));
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new JsonLineError(line.number, 'is not valid JSON');
        }
        yield { number: line.number, value };
      }
    } catch (error) {
      if (error instanceof Error && error.message === 'maximum buffer reached') throw new JsonLineError(this.numbered + 1, tooLong);
      throw error;
    }
  }
}
