import { BadRequestException } from '@nestjs/common';

/**
 * The text an object document is ranked on, per Cohere v1's API reference: with `rank_fields`,
 * "the values in title, author, text sequentially" (the named fields' values, in the order
 * named, one after the other; we put a newline between them so words do not run together);
 * without it, the `text` field. A named field the document lacks is skipped; one that is not a
 * string is refused, since Cohere's documents are string maps.
 */
export function rankedTextOf(document: Record<string, unknown>, index: number, rankFields?: readonly string[]): string {
  if (!rankFields) {
    if (typeof document.text !== 'string') {
      throw new BadRequestException(`documents[${index}].text must be a string (or name the fields to rank on in rank_fields)`);
    }
    return document.text;
  }
  const values: string[] = [];
  for (const field of rankFields) {
    const value = document[field];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new BadRequestException(`documents[${index}].${field} must be a string: it is named in rank_fields`);
    values.push(value);
  }
  if (values.length === 0) throw new BadRequestException(`documents[${index}] has none of the rank_fields (${rankFields.join(', ')})`);
  return values.join('\n');
}
