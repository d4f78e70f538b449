import { BadRequestException, Inject, Injectable, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { Lane } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { EmbedAnswer, EmbedCommand, EmptyInputException } from './embed-command';
import { EmbeddingDispatcherService } from './embedding-dispatcher.service';

/** The one service behind every embeddings dialect: checks the texts against the limits, embeds on the interactive lane. */
@Injectable()
export class EmbeddingsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly dispatcher: EmbeddingDispatcherService,
    private readonly fleet: FleetModelsService,
  ) {}

  async embed(command: EmbedCommand): Promise<EmbedAnswer> {
    this.checkTexts(command);
    const model = command.model ?? (await this.defaultModel());
    if (command.dimensions !== undefined) {
      const own = await this.fleet.dimensionsOf(model);
      if (own !== undefined && command.dimensions !== own) {
        throw new BadRequestException(
          `dimensions must be ${own}, the size of model "${model}"'s vectors, or left out; got ${command.dimensions} (this model cannot shorten its vectors)`,
        );
      }
    }
    const outcome = await this.dispatcher.dispatch({
      requestId: command.requestId,
      model,
      texts: command.texts,
      lane: Lane.Interactive,
      normalize: command.normalize,
      truncationDirection: command.truncationDirection,
    });
    if (!command.truncate && outcome.truncated.length > 0) {
      const maxLength = (await this.fleet.describe()).find((entry) => entry.id === model)?.maxLength;
      throw new PayloadTooLargeException(
        `${command.textsField}[${outcome.truncated[0]}] is longer than model "${model}"'s window of ${maxLength ?? 'its'} tokens ` +
          `(${outcome.truncated.length} text(s) are); send truncate: true to embed the part that fits`,
      );
    }
    return { model, vectors: outcome.vectors, promptTokens: outcome.realTokens };
  }

  private checkTexts({ texts, textsField }: EmbedCommand): void {
    if (texts.length === 0) throw new EmptyInputException(`${textsField} must hold at least one text`);
    if (texts.length > this.config.maxDocuments) {
      throw new PayloadTooLargeException(
        `${textsField} has ${texts.length} texts, more than the limit of ${this.config.maxDocuments} (RERANK_MAX_DOCUMENTS)`,
      );
    }
    const empty = texts.findIndex((text) => text.length === 0);
    if (empty >= 0) throw new EmptyInputException(`${textsField}[${empty}] must not be empty`);
    const long = texts.findIndex((text) => text.length > this.config.maxDocumentChars);
    if (long >= 0) {
      throw new PayloadTooLargeException(
        `${textsField}[${long}] has ${texts[long].length} characters, more than the limit of ${this.config.maxDocumentChars} (RERANK_MAX_DOCUMENT_CHARS)`,
      );
    }
  }

  /** The first routed model whose workers report a bi-encoder (TEI's /embed names no model). */
  private async defaultModel(): Promise<string> {
    const models = await this.fleet.describe();
    const biEncoder = models.find((entry) => entry.kind === 'bi-encoder');
    if (!biEncoder) {
      throw new ServiceUnavailableException(
        `no bi-encoder is served: none of ${models.map((entry) => `"${entry.id}"`).join(', ')} has a live worker reporting kind bi-encoder; ` +
          'name one in `model`, or start a worker that serves one',
      );
    }
    return biEncoder.id;
  }
}
