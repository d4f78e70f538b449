import { Module } from '@nestjs/common';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { ScoringModule } from '../scoring/scoring.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [RetrievalModule, ScoringModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
