import { Injectable } from '@nestjs/common';
import { AssessmentDto } from '../../assessments/dto/assessment.dto';
import { AuthUser } from '../../auth/auth-user';
import { CreateEvidenceLinkDto } from '../../evidence/dto/evidence-link.dto';
import { CreateEvidenceDto } from '../../evidence/dto/evidence.dto';
import { EVIDENCE_KINDS, EVIDENCE_VISIBILITIES, EvidenceVisibility } from '../../evidence/entities/evidence.entity';
import { STANCES } from '../../evidence/entities/evidence-link.entity';
import { EvidenceFilesService } from '../../evidence/evidence-files.service';
import { EvidenceLinksService } from '../../evidence/evidence-links.service';
import { EvidenceService } from '../../evidence/evidence.service';
import { label } from './view-helpers';
import { validated } from './form-problems';

/** What the "add evidence" part of a form holds (page field names, as typed). */
export interface EvidenceInput {
  title: string;
  url: string;
  kind: string;
  stance: string;
  visibility: EvidenceVisibility;
}

export function isEvidenceRequested(input: EvidenceInput, file: Express.Multer.File | undefined): boolean {
  return input.title.trim() !== '' || input.url.trim() !== '' || file !== undefined;
}

/** The page's name of an evidence field of the API (title -> evidenceTitle, fileId -> evidenceFile). */
export function evidenceField(field: string): string {
  const name = field === 'fileId' || field === 'file' ? 'file' : field;
  return `evidence${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export const KIND_OPTIONS = EVIDENCE_KINDS.map((value) => ({ value, label: label(value) }));
export const STANCE_OPTIONS = STANCES.map((value) => ({ value, label: label(value) }));

/** What each visibility means, in the words the forms use. */
export const VISIBILITY_LABELS: Record<EvidenceVisibility, string> = {
  private: 'Private: reviewers, admins and you',
  shared: 'Shared with the state’s officials, never published',
  public: 'Publishable: public once the cycle is published and the evidence accepted',
};
export const VISIBILITY_OPTIONS = EVIDENCE_VISIBILITIES.map((value) => ({ value, label: VISIBILITY_LABELS[value] }));

/** A visibility typed in a form, or undefined for the default (which the API's validation then applies). */
export function visibilityOf(value: unknown, fallback: EvidenceVisibility): EvidenceVisibility {
  return (EVIDENCE_VISIBILITIES as readonly unknown[]).includes(value) ? (value as EvidenceVisibility) : fallback;
}

/**
 * Attaches evidence to an assessment the way an API client does: upload the file (if any), create the
 * evidence item, link it. Each step is the API's own service, with the API's checks and audit entries.
 */
@Injectable()
export class EvidenceForm {
  constructor(
    private readonly files: EvidenceFilesService,
    private readonly evidence: EvidenceService,
    private readonly links: EvidenceLinksService,
  ) {}

  async attach(assessment: AssessmentDto, input: EvidenceInput, file: Express.Multer.File | undefined, user: AuthUser): Promise<void> {
    // Check the typed fields before storing anything.
    const fields = {
      title: input.title,
      kind: input.kind || 'other',
      url: input.url.trim() || null,
      stateIso3: assessment.stateIso3,
      visibility: input.visibility,
    };
    await validated(CreateEvidenceDto, fields);
    // Only the stance is checked here; the id is a stand-in until the evidence exists.
    await validated(CreateEvidenceLinkDto, { evidenceId: '00000000-0000-4000-8000-000000000000', stance: input.stance });
    const stored = file ? await this.files.store(file, user) : undefined;
    const evidence = await this.evidence.create(await validated(CreateEvidenceDto, { ...fields, fileId: stored?.id ?? null }), user);
    await this.links.add(assessment.id, await validated(CreateEvidenceLinkDto, { evidenceId: evidence.id, stance: input.stance }), user);
  }
}
