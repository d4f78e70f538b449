import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

function describeProblem(field: string, texts: unknown): string | undefined {
  if (!Array.isArray(texts)) return `${field} must be an array of strings`;
  if (texts.length === 0) return `${field} must contain at least one text`;
  const bad = texts.findIndex((text) => typeof text !== 'string');
  return bad < 0 ? undefined : `${field}[${bad}] must be a string`;
}

/** A non-empty array of strings; the message names the first offending element. */
export function IsTextList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTextList',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => describeProblem(String(propertyName), value) === undefined,
        defaultMessage: (args: ValidationArguments) => describeProblem(args.property, args.value) ?? `${args.property} is invalid`,
      },
    });
}
