import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';

// Checks are listed in the order they run (stopAtFirstError): type, then range.

/** `deadline_ms`: how long the client waits for scores, from arrival. The upper limit is the server's, checked by the service. */
export function DeadlineMsField(): PropertyDecorator {
  return applyDecorators(
    IsInt({ message: 'deadline_ms must be an integer' }),
    Min(1, { message: 'deadline_ms must be at least 1' }),
    IsOptional(),
    ApiPropertyOptional({
      description:
        'Milliseconds from arrival the client waits for scores (default RERANK_REQUEST_TIMEOUT_MS, at most RERANK_MAX_DEADLINE_MS). ' +
        'Documents not scored by then come back unscored (see `partial`)',
      minimum: 1,
      type: 'integer',
    }),
  );
}

/**
 * `partial`: whether a deadline that leaves documents unscored still answers with the scored
 * ones. `order` names the order unscored documents keep; `note` is what the endpoint adds.
 */
export function PartialField(defaultValue: boolean, order: string, note: string): PropertyDecorator {
  const description =
    `When the deadline leaves some documents unscored, answer 200 with the scored ones ranked first and the unscored ones after them, ` +
    `in ${order}, flagged \`"unscored": true\` with a null score; false answers 504 instead. ` +
    `With nothing scored at all the answer is 504 either way. ${note}`;
  return applyDecorators(
    IsBoolean({ message: 'partial must be a boolean' }),
    IsOptional(),
    ApiPropertyOptional({ default: defaultValue, description }),
  );
}
