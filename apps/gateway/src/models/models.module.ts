import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { ModelsController } from './models.controller';

@Module({ imports: [ScoringModule], controllers: [ModelsController] })
export class ModelsModule {}
