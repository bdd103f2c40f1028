import { Module } from '@nestjs/common';
import { Section47Loaders } from './section47.loaders';
import { Section47Records } from './section47.records';
import { Section47Repository } from './section47.repository';
import { Section47EnquiryResolver, StrategyDiscussionResolver } from './section47.resolver';
import { Section47Service } from './section47.service';

/** Strategy discussions and section 47 enquiries (issue 14). */
@Module({
  providers: [Section47Repository, Section47Records, Section47Service, Section47Loaders, StrategyDiscussionResolver, Section47EnquiryResolver],
  exports: [Section47Loaders, Section47Records],
})
export class Section47Module {}
