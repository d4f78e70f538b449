import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { RerankV1Controller } from './cohere-v1/rerank-v1.controller';
import { RerankV2Controller } from './cohere-v2/rerank-v2.controller';
import { RerankService } from './rerank.service';
import { TeiRerankController } from './tei/tei-rerank.controller';

/** One RerankService behind thin per-dialect controllers: /v1/rerank, /v2/rerank and TEI's /rerank. */
@Module({
  imports: [ScoringModule],
  controllers: [RerankV1Controller, RerankV2Controller, TeiRerankController],
  providers: [RerankService],
})
export class RerankModule {}
