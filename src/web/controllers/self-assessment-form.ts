import { AssessmentDto } from '../../assessments/dto/assessment.dto';
import { EvidenceInput } from '../render/evidence-form';

/** One commitment's part of the self-assessment form, as typed (strings), so it can be shown again unchanged. */
export interface RowInput {
  version: string;
  statedLevel: string;
  notApplicable: boolean;
  notApplicableJustification: string;
  narrative: string;
  source: string;
  sourceReference: string;
  evidence: EvidenceInput;
  file?: Express.Multer.File;
  reply: string;
}

// Field names are suffixed with the row's index (statedLevel_3), with key_3 naming the commitment.
const MAX_ROWS = 200;

/** The form's current values for an assessment; blank for none, and for a position a reviewer recorded (the official starts afresh). */
export function rowInputOf(assessment: AssessmentDto | null): RowInput {
  const own = assessment && assessment.statedBy !== 'reviewer' ? assessment : null;
  return {
    version: assessment ? String(assessment.version) : '',
    statedLevel: own?.statedLevel === null || own?.statedLevel === undefined ? '' : String(own.statedLevel),
    notApplicable: own?.notApplicable ?? false,
    notApplicableJustification: own?.notApplicableJustification ?? '',
    narrative: own?.narrative ?? '',
    source: own?.source ?? 'self_assessment',
    sourceReference: own?.sourceReference ?? '',
    evidence: { title: '', url: '', kind: '', stance: 'supports', visibility: 'shared' },
    reply: '',
  };
}

export function rowInputs(body: Record<string, unknown>, files: Express.Multer.File[]): Map<string, RowInput> {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const rows = new Map<string, RowInput>();
  const count = Math.min(Number(text('rows')) || 0, MAX_ROWS);
  for (let i = 0; i < count; i++) {
    const key = text(`key_${i}`);
    if (!key) continue;
    rows.set(key, {
      version: text(`version_${i}`),
      statedLevel: text(`statedLevel_${i}`),
      notApplicable: text(`notApplicable_${i}`) !== '',
      notApplicableJustification: text(`notApplicableJustification_${i}`),
      narrative: text(`narrative_${i}`),
      source: text(`source_${i}`),
      sourceReference: text(`sourceReference_${i}`),
      evidence: {
        title: text(`evidenceTitle_${i}`),
        url: text(`evidenceUrl_${i}`),
        kind: text(`evidenceKind_${i}`),
        stance: 'supports',
        // An official's evidence stays with the reviewers unless they mark it publishable.
        visibility: text(`evidencePublishable_${i}`) !== '' ? 'public' : 'shared',
      },
      file: files.find((f) => f.fieldname === `evidenceFile_${i}` && f.originalname !== ''),
      reply: text(`reply_${i}`),
    });
  }
  return rows;
}
