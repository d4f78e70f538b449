import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BULK_JOB_STATES, BulkJobState } from '@rerank/bulk-jobs';

export class JobAcceptedResponse {
  @ApiProperty({ description: 'The job id; also in the Location header' }) id!: string;
  @ApiProperty({ enum: BULK_JOB_STATES, description: '"queued"; "cancelled" if it was cancelled while being enqueued' })
  state!: BulkJobState;
  @ApiProperty({ description: 'Queries (lines) in the job' }) queries!: number;
  @ApiProperty({ description: 'Query-candidate pairs to score' }) pairs!: number;
}

export class JobPairs {
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
}

export class JobStatusResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: BULK_JOB_STATES }) state!: BulkJobState;
  @ApiProperty() model!: string;
  @ApiProperty() queries!: number;
  @ApiProperty({ type: JobPairs }) pairs!: JobPairs;
  @ApiPropertyOptional({ description: 'Results kept per query' }) top_n?: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the first score was stored' })
  started_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it completed, failed or was cancelled' })
  finished_at!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Since started_at; null before the first score' })
  pairs_per_second!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'At the current rate; 0 when completed, null when unknown' })
  eta_seconds!: number | null;
  @ApiPropertyOptional() failed_reason?: string;
}
