import { Module } from '@nestjs/common';
import {
  CensusPlanResolver,
  CensusResolver,
  CensusSection47Resolver,
  CensusValidationErrorResolver,
} from './census.resolver';
import { CensusService } from './census.service';
import { CensusXmlController } from './census-xml.controller';
import { ClockModule } from '../clock/clock.module';
import { DirectoryModule } from '../directory/directory.module';

/** The Children in Need census, child protection module (DOMAIN.md, "Reference codes"). */
@Module({
  imports: [ClockModule, DirectoryModule],
  controllers: [CensusXmlController],
  providers: [
    CensusService,
    CensusResolver,
    CensusSection47Resolver,
    CensusPlanResolver,
    CensusValidationErrorResolver,
  ],
})
export class CensusModule {}
