import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type Section47Status = 'OPEN' | 'OUTCOME_RECORDED';
export type Section47OutcomeName = 'ICPC_REQUIRED' | 'ICPC_NOT_REQUIRED' | 'CONCERNS_NOT_SUBSTANTIATED';

/** DOMAIN.md "Strategy discussions and section 47 enquiries": held about one or more children. */
@Entity()
@Index(['authorityId', 'heldOn'])
export class StrategyDiscussion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  /** the children's team when held (one team, as for conferences) */
  @Column({ type: 'uuid' })
  teamId: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'uuid', array: true })
  childIds: string[];

  @Column({ type: 'boolean' })
  section47Initiated: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One child's section 47 enquiry: the unit the DfE counts ICPC timeliness in. */
@Entity()
@Index(['authorityId', 'childId'])
@Index(['conferenceId'])
@Index(['strategyDiscussionId'])
export class Section47Enquiry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @PrimaryColumn({ type: 'uuid' })
  authorityId: string;

  @Column({ type: 'uuid' })
  childId: string;

  @Column({ type: 'uuid' })
  teamId: string;

  @Column({ type: 'uuid' })
  strategyDiscussionId: string;

  /** N00148 S47ActualStartDate: the day of the strategy discussion that initiated it */
  @Column({ type: 'date' })
  startedOn: string;

  @Column({ type: 'text', default: 'OPEN' })
  status: Section47Status;

  @Column({ type: 'text', nullable: true })
  outcome: Section47OutcomeName | null;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  /** the ICPC that considered this child, once requested */
  @Column({ type: 'uuid', nullable: true })
  conferenceId: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
