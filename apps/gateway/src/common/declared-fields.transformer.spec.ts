import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { SubmitJobQuery } from '../jobs/job-params.dto';
import { RerankV1RequestDto } from '../rerank/cohere-v1/rerank-v1-request.dto';
import { declaredFieldsTransformer } from './declared-fields.transformer';

class Child {
  @IsString()
  name!: string;
}

class Parent {
  @ValidateNested()
  @Type(() => Child)
  child!: Child;
}

describe('declaredFieldsTransformer', () => {
  it('keeps only declared fields and hands client JSON on as parsed, never copying it', () => {
    const documents = [{ text: 'a', metadata: { k: 1 } }, 'b'];
    const unknown = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const dto = declaredFieldsTransformer.plainToInstance(RerankV1RequestDto, {
      query: 'q',
      documents,
      top_n: 2,
      x: unknown,
    }) as RerankV1RequestDto;
    expect(dto).toBeInstanceOf(RerankV1RequestDto);
    expect(dto.documents).toBe(documents); // the same array: class-transformer never walked it
    expect({ query: dto.query, top_n: dto.top_n }).toEqual({ query: 'q', top_n: 2 });
    expect(Object.keys(dto)).not.toContain('x');
  });

  it('still lets class-transformer convert scalars, as query strings to numbers and booleans', () => {
    const query = declaredFieldsTransformer.plainToInstance(SubmitJobQuery, {
      top_n: '5',
      truncate: 'true',
      stride: '32',
    }) as SubmitJobQuery;
    expect(query).toBeInstanceOf(SubmitJobQuery);
    expect({ top_n: query.top_n, truncate: query.truncate, stride: query.stride }).toEqual({ top_n: 5, truncate: true, stride: 32 });
  });

  it('builds a nested DTO that is validated as one', () => {
    const parent = declaredFieldsTransformer.plainToInstance(Parent, { child: { name: 'n', extra: 1 } }) as Parent;
    expect(parent.child).toBeInstanceOf(Child);
  });

  it('maps an array body item by item, as class-transformer does', () => {
    const items = declaredFieldsTransformer.plainToInstance(RerankV1RequestDto, [{ query: 'a' }, { query: 'b' }]) as RerankV1RequestDto[];
    expect(items.map((item) => [item instanceof RerankV1RequestDto, item.query])).toEqual([
      [true, 'a'],
      [true, 'b'],
    ]);
  });
});
