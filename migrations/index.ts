import { Catalogue1763780000000 } from './1763780000000-catalogue';
import { Accounts1763790000000 } from './1763790000000-accounts';
import { Assessments1763800000000 } from './1763800000000-assessments';
import { Scoring1763810000000 } from './1763810000000-scoring';
import { AuditChain1763820000000 } from './1763820000000-audit-chain';
import { Reports1763830000000 } from './1763830000000-reports';
import { Performance1763840000000 } from './1763840000000-performance';
import { BulkWrites1763850000000 } from './1763850000000-bulk-writes';
import { AssessmentHistory1763860000000 } from './1763860000000-assessment-history';
import { WebSessions1763870000000 } from './1763870000000-web-sessions';
import { EvidenceVisibility1763880000000 } from './1763880000000-evidence-visibility';
import { Publication1763890000000 } from './1763890000000-publication';
import { NoDataIsNotZero1763900000000 } from './1763900000000-no-data-is-not-zero';
import { ReportText1763900100000 } from './1763900100000-report-text';

/** Every migration in order. Listed explicitly so compiled and ts-jest runs load the same set. */
export const MIGRATIONS = [Catalogue1763780000000, Accounts1763790000000, Assessments1763800000000, Scoring1763810000000, AuditChain1763820000000, Reports1763830000000, Performance1763840000000, BulkWrites1763850000000, AssessmentHistory1763860000000, WebSessions1763870000000, EvidenceVisibility1763880000000, Publication1763890000000, NoDataIsNotZero1763900000000, ReportText1763900100000];
