import { Readable, pipeline } from 'node:stream';
import { JSON_LINE_SHAPE_LIMITS, jsonShapeMessage, jsonShapeProblem } from '@rerank/contracts';
import { LineSplitter, LineTooLongError } from './line-splitter';

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
 * line that is not JSON, is longer than `maxLineChars` or has an object of more than
 * MAX_JSON_OBJECT_FIELDS fields; an error of `input` is rethrown as is.
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
    const splitter = new LineSplitter(this.maxLineChars);
    const lines = pipeline(this.input, splitter, () => undefined) as AsyncIterable<string>;
    const tooLong = `is longer than ${this.maxLineChars} characters`;
    try {
      for await (const line of lines) {
        const number = ++this.numbered;
        if (line.length > this.maxLineChars) throw new JsonLineError(number, tooLong);
        const text = number === 1 ? line.replace(/^\uFEFF/, '') : line;
        if (text.trim() === '') continue;
        // Checked before parsing, as a JSON body is: JSON.parse and every walk after it cost far
        // more per byte for an object of 200,000 fields than for text.
        const shape = jsonShapeProblem(text, JSON_LINE_SHAPE_LIMITS);
        if (shape) throw new JsonLineError(number, jsonShapeMessage(shape, JSON_LINE_SHAPE_LIMITS));
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new JsonLineError(number, 'is not valid JSON');
        }
        yield { number, value };
      }
    } catch (error) {
      if (error instanceof LineTooLongError) throw new JsonLineError(error.line, tooLong);
      throw error;
    }
  }
}
