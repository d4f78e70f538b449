import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { RerankController } from './rerank.controller';
import { RerankService } from './rerank.service';

@Module({
  imports: [ScoringModule],
  controllers: [RerankController],
  providers: [RerankService],
})
export class RerankModule {}
