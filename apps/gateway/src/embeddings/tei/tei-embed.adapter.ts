import { EmbedAnswer, EmbedCommand } from '../embed-command';
import { textsOf } from '../is-embedding-input.validator';
import { TeiEmbedRequestDto } from './tei-embed-request.dto';

/** TEI request → the dialect-neutral command, with TEI's defaults (normalize, no truncation). */
export function commandFromTei(request: TeiEmbedRequestDto, requestId: string): EmbedCommand {
  const command: EmbedCommand = {
    requestId,
    texts: textsOf(request.inputs),
    textsField: 'inputs',
    normalize: request.normalize ?? true,
    truncate: request.truncate ?? false,
    truncationDirection: request.truncation_direction?.toLowerCase() === 'left' ? 'left' : 'right',
  };
  if (request.model !== undefined) command.model = request.model;
  return command;
}

/** TEI answers a bare array of vectors, one per input, in input order. */
export function teiEmbedResponse(answer: EmbedAnswer): number[][] {
  return answer.vectors.map((vector) => Array.from(vector));
}
