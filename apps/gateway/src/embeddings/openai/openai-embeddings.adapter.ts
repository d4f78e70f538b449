import { encodeVector } from '@rerank/contracts';
import { EmbedAnswer, EmbedCommand } from '../embed-command';
import { textsOf } from '../is-embedding-input.validator';
import { OpenAiEmbeddingsRequestDto } from './openai-embeddings-request.dto';
import { OpenAiEmbeddingsResponse } from './openai-embeddings-response';

/**
 * OpenAI request → the dialect-neutral command. OpenAI refuses a text over the model's context;
 * here it is cut to the model's window, as sentence-transformers does when encoding.
 */
export function commandFromOpenAi(request: OpenAiEmbeddingsRequestDto, requestId: string): EmbedCommand {
  const command: EmbedCommand = {
    requestId,
    model: request.model,
    texts: textsOf(request.input),
    textsField: 'input',
    normalize: true,
    truncate: true,
    truncationDirection: 'right',
  };
  if (request.dimensions !== undefined) command.dimensions = request.dimensions;
  return command;
}

/** The answer as OpenAI shapes it; base64 is the vector's little-endian float32 bytes, as the SDK decodes them. */
export function openAiResponse(answer: EmbedAnswer, format: 'float' | 'base64' = 'float'): OpenAiEmbeddingsResponse {
  return {
    object: 'list',
    data: answer.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: format === 'base64' ? encodeVector(vector) : Array.from(vector),
    })),
    model: answer.model,
    usage: { prompt_tokens: answer.promptTokens, total_tokens: answer.promptTokens },
  };
}
