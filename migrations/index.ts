import { Foundation1795689088272 } from './1795689088272-Foundation';
import { AdvocateOffers1795689893424 } from './1795689893424-AdvocateOffers';
import { ActionsEscalationsInbox1795689990361 } from './1795689990361-ActionsEscalationsInbox';
import { ConferencesPlansCoreGroups1795690193468 } from './1795690193468-ConferencesPlansCoreGroups';
import { ConversationUpdatedAt1796000000011 } from './1796000000011-ConversationUpdatedAt';
import { AnchoredAudit1796000000013 } from './1796000000013-AnchoredAudit';
import { Notifications1796000000016 } from './1796000000016-Notifications';
import { CaseAudits1796000000017 } from './1796000000017-CaseAudits';
import { StatutoryTruth1796000000014 } from './1796000000014-StatutoryTruth';
import { MultiAgencyConferences1796000000018 } from './1796000000018-MultiAgencyConferences';
import { AuthorityProcedureSettings1796000000019 } from './1796000000019-AuthorityProcedureSettings';
import { ForeignKeyIndexes1796000000020 } from './1796000000020-ForeignKeyIndexes';
import { ImportReferences1796000000021 } from './1796000000021-ImportReferences';
import { TenantKeys1796000000022 } from './1796000000022-TenantKeys';
import { TenantKeysRestrict1796000000023 } from './1796000000023-TenantKeysRestrict';

/** Every migration, in order, one per line. Landed migrations are never edited: add a new one. */
export const MIGRATIONS: Function[] = [
  Foundation1795689088272,
  AdvocateOffers1795689893424,
  ActionsEscalationsInbox1795689990361,
  ConferencesPlansCoreGroups1795690193468,
  ConversationUpdatedAt1796000000011,
  AnchoredAudit1796000000013,
  StatutoryTruth1796000000014,
  Notifications1796000000016,
  CaseAudits1796000000017,
  MultiAgencyConferences1796000000018,
  AuthorityProcedureSettings1796000000019,
  ForeignKeyIndexes1796000000020,
  ImportReferences1796000000021,
  TenantKeys1796000000022,
  TenantKeysRestrict1796000000023,
];
