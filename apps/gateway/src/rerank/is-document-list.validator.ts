import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { numericIdProblem } from '@rerank/contracts';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describeProblem(documents: unknown): string | undefined {
  if (!Array.isArray(documents)) return 'documents must be an array of strings or { text } objects';
  if (documents.length === 0) return 'documents must contain at least one document';
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i] as unknown;
    if (typeof doc === 'string') continue;
    if (!isPlainObject(doc)) return `documents[${i}] must be a string or an object`;
    // Whether an object needs `text` depends on rank_fields: see rankedTextOf.
    const { text, id, metadata } = doc;
    if (text !== undefined && typeof text !== 'string') return `documents[${i}].text must be a string`;
    if (typeof id === 'number') {
      const problem = numericIdProblem(id, `documents[${i}].id`);
      if (problem) return problem;
    } else if (id !== undefined && typeof id !== 'string') {
      return `documents[${i}].id must be a string or an integer`;
    }
    if (metadata !== undefined && !isPlainObject(metadata)) return `documents[${i}].metadata must be an object`;
  }
  return undefined;
}

/** class-validator has no union-of-shapes check; this names the first offending element. */
export function IsDocumentList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDocumentList',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => describeProblem(value) === undefined,
        defaultMessage: (args: ValidationArguments) => describeProblem(args.value) ?? 'documents is invalid',
      },
    });
}
