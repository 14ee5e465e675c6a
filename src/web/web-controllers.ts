import { Type } from '@nestjs/common';
import { AccountController } from './controllers/account.controller';
import { AdminCyclesController } from './controllers/admin-cycles.controller';
import { AdminReportTextController } from './controllers/admin-report-text.controller';
import { AdminImportController } from './controllers/admin-import.controller';
import { AdminUsersController } from './controllers/admin-users.controller';
import { AuditPageController } from './controllers/audit.controller';
import { CompareController } from './controllers/compare.controller';
import { MethodologyPageController } from './controllers/methodology.controller';
import { StatesIndexController } from './controllers/states-index.controller';
import { PublicCompareController } from './controllers/public-compare.controller';
import { DownloadsController } from './controllers/downloads.controller';
import { PositionsController } from './controllers/positions.controller';
import { ResultsController } from './controllers/results.controller';
import { ReviewController } from './controllers/review.controller';
import { SelfAssessmentController } from './controllers/self-assessment.controller';
import { SessionController } from './controllers/session.controller';

/** Every page controller; their routes are served outside the API's /api prefix (see configure-web.ts). */
export const WEB_CONTROLLERS: Type[] = [
  ResultsController,
  MethodologyPageController,
  StatesIndexController,
  PublicCompareController,
  DownloadsController,
  SessionController,
  SelfAssessmentController,
  ReviewController,
  PositionsController,
  CompareController,
  AdminUsersController,
  AdminCyclesController,
  AdminImportController,
  AdminReportTextController,
  AuditPageController,
  AccountController,
];
