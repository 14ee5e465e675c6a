import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, recordPosition } from '../helpers/workflow';

const HEADER =
  'cycle_year,state_iso3,framework,commitment,stated_level,not_applicable,not_applicable_justification,narrative,source,source_reference,reviewed_level,review_rationale,evidence_url,evidence_title,evidence_kind,evidence_stance,evidence_judgement,evidence_rejection_reason';

function csv(lines: string[]): Buffer {
  return Buffer.from([HEADER, ...lines].join('\n') + '\n', 'utf8');
}

describe('Import of assessments and evidence links', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  const http = () => request(app.getHttpServer());
  const upload = (content: Buffer, name = 'import.csv', query = '') =>
    http().post(`/api/import${query}`).set(bearer(reviewer)).attach('file', content, name);

  beforeAll(async () => {
    app = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    await openCycle(app, admin, 2026);
  });
  afterAll(async () => {
    await app.close();
  });

  async function snapshot(): Promise<string> {
    const [row] = await app.get(DataSource).query(
      `SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM assessment t), '') ||
                  coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM evidence t), '') ||
                  coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM evidence_link t), '') ||
                  (SELECT count(*) FROM audit_entry)::text) AS sum`,
    );
    return row.sum;
  }

  const valid = csv([
    '2026,FRA,GGE,13(g),3,,,Decree designating sectors,un_submission,A/79/123,2,Plans exist; no exercise yet,https://example.org/strategy,National strategy,strategy,supports,accepted,',
    '2026,FRA,GGE,13(g),,,,,,,,,https://example.org/report,Watchdog report,third_party_report,contradicts,pending,',
    '2026,DEU,OSCE,8,4,,,Contact point named,osce_cbm_report,,,,https://example.org/strategy,National strategy,strategy,supports,pending,',
    '2026,BRA,GGE,13(c),,yes,No ICT infrastructure abroad,,public_statement,Speech 2025,,,,,,,,',
  ]);

  it('imports a valid file in one go, and importing it again changes nothing', async () => {
    const first = await upload(valid).expect(201);
    expect(first.body).toEqual({
      dryRun: false,
      format: 'csv',
      rows: 4,
      assessmentsCreated: 3,
      assessmentsUpdated: 0,
      assessmentsUnchanged: 0,
      evidenceCreated: 2,
      linksCreated: 3,
      linksUpdated: 0,
      linksUnchanged: 0,
    });
    const fra = await http().get(`/api/cycles/2026/states/FRA/assessments/${encodeURIComponent('GGE:13(g)')}`).set(bearer(reviewer)).expect(200);
    expect(fra.body).toMatchObject({
      statedLevel: 3,
      source: 'un_submission',
      statedBy: 'reviewer',
      reviewedLevel: 2,
      status: 'in_review',
      evidence: { total: 2, acceptedSupporting: 1, pending: 1 },
    });
    const bra = await http().get(`/api/cycles/2026/states/BRA/assessments/${encodeURIComponent('GGE:13(c)')}`).set(bearer(reviewer)).expect(200);
    expect(bra.body).toMatchObject({ notApplicable: true, notApplicableJustification: 'No ICT infrastructure abroad' });

    const before = await snapshot();
    const again = await upload(valid).expect(201);
    expect(again.body).toMatchObject({ assessmentsCreated: 0, assessmentsUpdated: 0, assessmentsUnchanged: 3, evidenceCreated: 0, linksCreated: 0, linksUnchanged: 3 });
    expect(await snapshot()).toBe(before);
  });

  it('audits one entry per assessment it touched, with its links, and one for the file', async () => {
    await upload(valid).expect(201);
    const entries: Array<{ action: string; entity_type: string; entity_id: string; state_iso3: string | null; after: Record<string, unknown> }> =
      await app.get(DataSource).query(
        `SELECT action, entity_type, entity_id, state_iso3, after FROM audit_entry WHERE actor_user_id = $1 ORDER BY chain_seq`,
        [reviewer.id],
      );
    expect(entries.map((e) => `${e.action} ${e.state_iso3 ?? ''}`)).toEqual([
      'assessment.imported FRA',
      'assessment.imported DEU',
      'assessment.imported BRA',
      'import.completed ',
    ]);
    const [fra, deu, bra, file] = entries;
    expect(fra.after).toMatchObject({ statedLevel: 3, reviewedLevel: 2, status: 'in_review', row: 2 });
    expect(fra.after.links).toEqual([
      expect.objectContaining({ url: 'https://example.org/strategy', evidenceCreated: true, stance: 'supports', judgement: 'accepted', change: 'created' }),
      expect.objectContaining({ url: 'https://example.org/report', evidenceCreated: true, stance: 'contradicts', judgement: 'pending', change: 'created' }),
    ]);
    // The second assessment citing the same URL reuses the item the file created.
    expect(deu.after.links).toEqual([expect.objectContaining({ url: 'https://example.org/strategy', change: 'created' })]);
    expect(bra.after.links).toBeUndefined();
    expect(file).toMatchObject({ entity_type: 'import', entity_id: createHash('sha256').update(valid).digest('hex') });
    expect(file.after).toMatchObject({ rows: 4, assessmentsCreated: 3, evidenceCreated: 2, linksCreated: 3, cycles: [2026] });

    // The assessment's own history shows the import with its links.
    const history = await http().get(`/api/assessments/${fra.entity_id}/history`).set(bearer(reviewer)).expect(200);
    expect(history.body).toEqual([expect.objectContaining({ action: 'assessment.imported', after: expect.objectContaining({ links: expect.any(Array) }) })]);

    // Re-judging a link through a second file: an entry for that assessment only, the link marked updated.
    const rejudged = csv([
      '2026,DEU,OSCE,8,,,,,,,,,https://example.org/strategy,National strategy,strategy,supports,rejected,Not about this CBM',
    ]);
    await upload(rejudged).expect(201);
    const [latest] = await app.get(DataSource).query(
      `SELECT entity_id, after FROM audit_entry WHERE action = 'assessment.imported' ORDER BY chain_seq DESC LIMIT 1`,
    );
    expect(latest.entity_id).toBe(deu.entity_id);
    expect(latest.after.links).toEqual([expect.objectContaining({ judgement: 'rejected', change: 'updated', evidenceCreated: false })]);
  });

  it('reports every error by row and column and writes nothing', async () => {
    const before = await snapshot();
    const response = await upload(
      csv([
        '2026,FRA,GGE,13(g),5,,,,un_submission,,,,,,,,,',
        '2026,ZZZ,GGE,13(a),1,,,,public_statement,,,,,,,,,',
        '2026,FRA,GGE,13(a),2,,,,,,3,,,,,,,',
        '2026,BRA,OSCE,1,2,,,,other,,,,,,,,,',
        '2026,FRA,GGE,13(b),,maybe,,,,,,,ftp://x,Title,rumour,neutral,rejected,',
        '2025,FRA,GGE,13(b),1,,,,other,,,,,,,,,',
        '2026,FRA,GGE,13(k),1,,,,public_statement,,,,,,,,,',
      ]),
    ).expect(400);
    expect(response.body.code).toBe('IMPORT_INVALID');
    expect(response.body.details.rowErrors).toEqual([
      { row: 2, column: 'stated_level', message: 'must be a whole number from 0 to 4, or empty' },
      { row: 3, column: 'state_iso3', message: 'unknown state ZZZ' },
      { row: 4, column: 'source', message: 'required with a stated level or not_applicable' },
      { row: 4, column: 'review_rationale', message: 'required with a reviewed level' },
      { row: 5, column: 'state_iso3', message: 'OSCE does not apply to BRA' },
      { row: 6, column: 'not_applicable', message: 'must be yes or no' },
      { row: 6, column: 'evidence_url', message: 'must be an http(s) URL' },
      { row: 6, column: 'evidence_kind', message: expect.stringContaining('must be one of legislation') },
      { row: 6, column: 'evidence_stance', message: 'must be one of supports, contradicts' },
      { row: 6, column: 'evidence_rejection_reason', message: 'required when the judgement is rejected' },
      { row: 7, column: 'cycle_year', message: 'no cycle 2025' },
    ]);
    expect(response.body.errors[0]).toEqual({ field: 'row 2: stated_level', messages: ['must be a whole number from 0 to 4, or empty'] });
    expect(await snapshot()).toBe(before);
  });

  it('never replaces a self-assessment, and says so for the row', async () => {
    const france = await createUser(app, 'state_official', { states: ['FRA'] });
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(g)', { statedLevel: 4 });
    const before = await snapshot();
    const response = await upload(valid).expect(400);
    expect(response.body.details.rowErrors).toEqual([
      { row: 2, column: 'stated_level', message: 'the state has self-assessed this commitment; an import cannot replace its position' },
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('counts without writing on a dry run', async () => {
    const before = await snapshot();
    const dry = await upload(valid, 'import.csv', '?dryRun=true').expect(201);
    expect(dry.body).toMatchObject({ dryRun: true, assessmentsCreated: 3, linksCreated: 3 });
    expect(await snapshot()).toBe(before);
  });

  it('reads XLSX, including the downloadable template, and semicolon CSV', async () => {
    const template = await http().get('/api/import/template.xlsx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const imported = await upload(template.body as Buffer, 'template.xlsx').expect(201);
    expect(imported.body).toMatchObject({ format: 'xlsx', rows: 1, assessmentsCreated: 1, evidenceCreated: 1, linksCreated: 1 });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('assessments');
    sheet.addRow(['cycle_year', 'state_iso3', 'framework', 'commitment', 'stated_level', 'source']);
    sheet.addRow([2026, 'deu', 'gge', '13(a)', 2, 'public_statement']);
    const fromNumbers = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'numbers.xlsx').expect(201);
    expect(fromNumbers.body).toMatchObject({ assessmentsCreated: 1 });

    const semicolons = Buffer.from('cycle_year;state_iso3;framework;commitment;stated_level;source\n2026;ITA;GGE;13(b);1;other\n');
    await upload(semicolons).expect(201);
    const csvTemplate = await http().get('/api/import/template.csv').expect(200);
    expect(csvTemplate.text.split('\n')[0]).toContain('cycle_year,state_iso3,framework,commitment');
  });

  it('refuses a file with unknown or missing columns, and a binary file', async () => {
    const bad = await upload(Buffer.from('year,country\n2026,FRA\n')).expect(400);
    expect(bad.body.message).toMatch(/missing column\(s\): cycle_year, state_iso3, framework, commitment; unknown column\(s\): year, country/);
    await upload(Buffer.from([0, 1, 2, 3, 0])).expect(400);
    await http().post('/api/import').set(bearer(reviewer)).expect(400);
  });

  it('imports a large file (every UN Member State on every GGE norm) and re-imports it unchanged', async () => {
    const states: Array<{ iso3: string }> = await app.get(DataSource).query(
      `SELECT state_iso3 AS iso3 FROM group_membership WHERE group_code = 'UN' ORDER BY 1`,
    );
    const codes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((l) => `13(${l})`);
    const lines = states.flatMap(({ iso3 }, i) =>
      codes.map((code, j) => `2026,${iso3},GGE,${code},${(i + j) % 5},,,,public_statement,,${(i * j) % 5},Reviewed,https://example.org/${iso3}/${j % 3},Report ${iso3} ${j % 3},other,supports,accepted,`),
    );
    expect(lines.length).toBe(193 * 11);
    const file = csv(lines);
    const first = await upload(file).expect(201);
    expect(first.body).toMatchObject({ rows: 2123, assessmentsCreated: 2123, evidenceCreated: 193 * 3, linksCreated: 2123 });
    const second = await upload(file).expect(201);
    expect(second.body).toMatchObject({ assessmentsUnchanged: 2123, linksUnchanged: 2123, evidenceCreated: 0 });
  });
});
