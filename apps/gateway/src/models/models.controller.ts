import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FleetModelsService } from '../scoring/fleet-models.service';
import { ModelsResponse } from './models-response';

@ApiTags('models')
@Controller('v1/models')
export class ModelsController {
  constructor(private readonly fleet: FleetModelsService) {}

  @Get()
  @ApiOperation({ summary: 'The configured models, their kind, max length (and vector size) and how many live workers serve each' })
  @ApiOkResponse({ type: ModelsResponse })
  async list(): Promise<ModelsResponse> {
    const models = await this.fleet.describe();
    return { data: models.map(({ id, maxLength, workers, kind, dimensions }) => ({ id, max_length: maxLength, workers, kind, dimensions })) };
  }
}
