import { ValidationPipeOptions } from '@nestjs/common';
import { ClassConstructor, ClassTransformOptions, classToPlain, plainToInstance } from 'class-transformer';
import { ValidationTypes, getMetadataStorage } from 'class-validator';

type TransformerPackage = NonNullable<ValidationPipeOptions['transformerPackage']>;

interface DeclaredField {
  name: string;
  /** Validated as a nested DTO (@ValidateNested), so it must become an instance of its class. */
  nested: boolean;
}

const declaredFieldsByClass = new WeakMap<Function, readonly DeclaredField[]>();

/** The properties a DTO validates: the ones `whitelist` keeps, so nothing else can reach a controller anyway. */
function declaredFields(type: Function): readonly DeclaredField[] {
  let fields = declaredFieldsByClass.get(type);
  if (!fields) {
    const byName = new Map<string, boolean>();
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
      byName.set(rule.propertyName, (byName.get(rule.propertyName) ?? false) || rule.type === ValidationTypes.NESTED_VALIDATION);
    }
    fields = [...byName].map(([name, nested]) => ({ name, nested }));
    declaredFieldsByClass.set(type, fields);
  }
  return fields;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toInstance<T>(type: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T {
  if (!isPlainObject(plain)) return plainToInstance(type, plain, options);
  const converted: Record<string, unknown> = {};
  const asIs: Array<[string, unknown]> = [];
  for (const { name, nested } of declaredFields(type)) {
    if (!Object.hasOwn(plain, name)) continue;
    const value = plain[name];
    if (typeof value === 'object' && value !== null && !nested) asIs.push([name, value]);
    else converted[name] = value;
  }
  const instance = plainToInstance(type, converted, options) as Record<string, unknown>;
  for (const [name, value] of asIs) instance[name] = value;
  return instance as T;
}

/**
 * class-transformer as ValidationPipe's `transformerPackage`, shown only what a DTO declares.
 * Left to itself class-transformer deep-copies the whole body before `whitelist` strips it, and
 * its copy costs time quadratic in the keys of each object (TransformOperationExecutor.getKeys
 * de-duplicates keys with indexOf): 200,000 unknown keys held the event loop for 27 s. So
 * undeclared fields are never copied, and a declared field holding client JSON (`documents`
 * with its `metadata`, `texts`) is handed on as parsed, for its own validator to check;
 * class-transformer converts only scalars (query strings to numbers, for one) and nested DTOs.
 * Work is linear in the body's bytes, and the result is what whitelist + transform gave before.
 */
export const declaredFieldsTransformer: TransformerPackage = {
  plainToInstance: <T>(type: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T | T[] =>
    Array.isArray(plain) ? plain.map((item: unknown) => toInstance(type, item, options)) : toInstance(type, plain, options),
  classToPlain: (value: unknown, options?: ClassTransformOptions) => classToPlain(value, options) as Record<string, unknown>,
};
