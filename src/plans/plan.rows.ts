export interface PlanRow {
  id: string;
  authority_id: string;
  child_id: string;
  status: 'ACTIVE' | 'ENDED';
  initial_category: string;
  category: string;
  start_date: string;
  end_date: string | null;
  end_reason_code: string | null;
  end_reason: string | null;
  unborn_at_start: boolean;
  started_by_conference_id: string;
  last_conference_id: string;
  version: number;
}
