import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

function describeProblem(field: string, input: unknown): string | undefined {
  if (typeof input === 'string') return undefined;
  if (!Array.isArray(input)) return `${field} must be a string or an array of strings`;
  const bad = input.findIndex((text) => typeof text !== 'string');
  if (bad < 0) return undefined;
  const tokens = typeof input[bad] === 'number' || (Array.isArray(input[bad]) && input[bad].every((id: unknown) => typeof id === 'number'));
  return tokens
    ? `${field} as token ids is not supported: the fleet tokenizes with each model's own tokenizer, so send the text as a string`
    : `${field}[${bad}] must be a string`;
}

/** A string or an array of strings (OpenAI's `input`, TEI's `inputs`); token-id arrays are refused by name. */
export function IsEmbeddingInput(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEmbeddingInput',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => describeProblem(String(propertyName), value) === undefined,
        defaultMessage: (args: ValidationArguments) => describeProblem(args.property, args.value) ?? `${args.property} is invalid`,
      },
    });
}

/** A string or a list of strings as the list the service embeds. */
export function textsOf(input: string | string[]): string[] {
  return typeof input === 'string' ? [input] : input;
}
