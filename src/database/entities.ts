import { CatalogueFile } from '../catalogue/entities/catalogue-file.entity';
import { CatalogueVersion } from '../catalogue/entities/catalogue-version.entity';
import { CommitmentGuidance } from '../catalogue/entities/commitment-guidance.entity';
import { Commitment } from '../catalogue/entities/commitment.entity';
import { CrosswalkLink } from '../catalogue/entities/crosswalk-link.entity';
import { FrameworkCategory } from '../catalogue/entities/framework-category.entity';
import { Framework } from '../catalogue/entities/framework.entity';
import { PracticalAction } from '../catalogue/entities/practical-action.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';
import { ApiToken } from '../auth/entities/api-token.entity';
import { WebSession } from '../auth/entities/web-session.entity';
import { UserState } from '../users/entities/user-state.entity';
import { User } from '../users/entities/user.entity';
import { AssessmentComment } from '../assessments/entities/assessment-comment.entity';
import { Assessment } from '../assessments/entities/assessment.entity';
import { CycleFramework } from '../cycles/entities/cycle-framework.entity';
import { Cycle } from '../cycles/entities/cycle.entity';
import { EvidenceFile } from '../evidence/entities/evidence-file.entity';
import { EvidenceLink } from '../evidence/entities/evidence-link.entity';
import { EvidenceRevision } from '../evidence/entities/evidence-revision.entity';
import { Evidence } from '../evidence/entities/evidence.entity';
import { CycleReportText } from '../reports/entities/cycle-report-text.entity';
import { Publication, PublicationArtifact } from '../publication/entities/publication.entity';
import {
  PublicationCatalogueFile,
  PublicationEvidence,
  PublicationGroup,
  PublicationGroupMember,
  PublicationState,
} from '../publication/entities/publication-frozen.entity';
import { ReportArtifact } from '../reports/entities/report-artifact.entity';
import { GroupMembership, StateGroup } from '../states/entities/state-group.entity';
import { State } from '../states/entities/state.entity';
import { MethodologyWeight } from '../scoring/entities/methodology-weight.entity';
import { Methodology } from '../scoring/entities/methodology.entity';
import { ContributionSnapshot, ScorecardCategorySnapshot, ScorecardSnapshot, ScoreSnapshot } from '../scoring/entities/score-snapshot.entity';

/** Every entity, listed explicitly so the app, CLI, tests and bench share one list. */
export const ENTITIES = [
  State,
  StateGroup,
  GroupMembership,
  Framework,
  FrameworkCategory,
  Commitment,
  CommitmentGuidance,
  PracticalAction,
  CrosswalkLink,
  CatalogueFile,
  CatalogueVersion,
  User,
  UserState,
  ApiToken,
  WebSession,
  AuditEntry,
  Cycle,
  CycleFramework,
  Assessment,
  AssessmentComment,
  EvidenceFile,
  Evidence,
  EvidenceLink,
  ReportArtifact,
  CycleReportText,
  Methodology,
  MethodologyWeight,
  ScoreSnapshot,
  ScorecardSnapshot,
  ScorecardCategorySnapshot,
  ContributionSnapshot,
  EvidenceRevision,
  Publication,
  PublicationArtifact,
  PublicationState,
  PublicationGroup,
  PublicationGroupMember,
  PublicationCatalogueFile,
  PublicationEvidence,
];
