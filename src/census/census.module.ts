import { Module } from '@nestjs/common';
import { CensusPlanResolver, CensusResolver, CensusSection47Resolver, CensusValidationErrorResolver } from './census.resolver';
import { CensusService } from './census.service';

/** The Children in Need census, child protection module (DOMAIN.md, "Reference codes"). */
@Module({
  providers: [CensusService, CensusResolver, CensusSection47Resolver, CensusPlanResolver, CensusValidationErrorResolver],
})
export class CensusModule {}
