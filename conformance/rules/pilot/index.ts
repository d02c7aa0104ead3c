/** Hand-written rules of the "pilot" group, collected for conformance/rules/registry.ts. */
import type { RuleModule } from '../contract.ts';
import * as identityUninsuredId from './identity-uninsured-id.ts';
import * as identityCardFormat from './identity-card-format.ts';
import * as identityPersonalId from './identity-personal-id.ts';
import * as healthbookFields from './healthbook-fields.ts';
import * as healthbookUninsuredTables from './healthbook-uninsured-tables.ts';
import * as healthbookSummaryContent from './healthbook-summary-content.ts';
import * as timelinessSend from './timeliness-send.ts';
import * as timelinessFinalise from './timeliness-finalise.ts';
import * as timelinessMonthly from './timeliness-monthly.ts';
import * as checkinAfterFirstCost from './checkin-after-first-cost.ts';
import * as checkinFirstCostItem from './checkin-first-cost-item.ts';

const mod = (m: RuleModule): RuleModule => ({ rule: m.rule, fixtures: m.fixtures });

export const rules: RuleModule[] = [
  identityUninsuredId,
  identityCardFormat,
  identityPersonalId,
  healthbookFields,
  healthbookUninsuredTables,
  healthbookSummaryContent,
  timelinessSend,
  timelinessFinalise,
  timelinessMonthly,
  checkinAfterFirstCost,
  checkinFirstCostItem,
].map(mod);
