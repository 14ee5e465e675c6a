import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { openCycle, recordPosition } from '../helpers/workflow';
import { getPage, text } from './web-helpers';

describe('Web: the audit trail page', () => {
  let app: INestApplication;
  let admin: TestUser;
  let reviewer: TestUser;
  let france: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    admin = await createUser(app, 'admin');
    reviewer = await createUser(app, 'reviewer');
    france = await createUser(app, 'state_official', { states: ['FRA'] });
    await openCycle(app, admin, 2026);
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 2 });
    await recordPosition(app, france, 2026, 'FRA', 'GGE:13(a)', { statedLevel: 3, version: 1 });
    await recordPosition(app, reviewer, 2026, 'DEU', 'GGE:13(b)', { statedLevel: 1, source: 'public_statement' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows staff who changed what, with the change and a link to the assessment', async () => {
    const page = await getPage(app, '/audit-trail?entityType=assessment', reviewer).expect(200);
    const shown = text(page.text);
    expect(shown).toContain('Audit trail');
    expect(shown).toMatch(/statedLevel\s*:\s*2 → 3/);
    expect(shown).not.toMatch(/narrative\s*:\s*–/);
    expect(page.text).toMatch(/href="\/review\/assessments\/[0-9a-f-]{36}">open<\/a>/);
    expect(shown).toContain('DEU');
  });

  it('shows state officials their own states only, without review links', async () => {
    const page = await getPage(app, '/audit-trail', france).expect(200);
    const rows = page.text.match(/<tr>\s*<td>/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(page.text).not.toContain('<td>DEU</td>');
    expect(page.text).not.toContain('/review/assessments/');
    expect(page.text).not.toContain('check the chain now');
  });

  it('pages through long trails, keeping the filters', async () => {
    await app.get(DataSource).query(
      `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, state_iso3)
       SELECT $1, 'test.filler', 'test', g::text, 'FRA' FROM generate_series(1, 60) g`,
      [admin.id],
    );
    const first = await getPage(app, '/audit-trail?state=FRA', reviewer).expect(200);
    const older = /href="\/audit-trail\?([^"]+)">Older entries/.exec(first.text)?.[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(older).toMatch(/^state=FRA&before=\d+$/);
    const second = await getPage(app, `/audit-trail?${older}`, reviewer).expect(200);
    expect(text(second.text)).toContain('Older entries');
    expect(text(second.text)).toMatch(/GGE|assessment/i);
  });

  it('refuses a malformed filter with a page that says what is wrong', async () => {
    const page = await getPage(app, '/audit-trail?state=12', reviewer).expect(400);
    expect(text(page.text)).toContain('state must be an ISO alpha-3 code');
  });

  it('lets admins check the hash chain, and shows where it breaks', async () => {
    const intact = await getPage(app, '/audit-trail/verify', admin).expect(200);
    expect(text(intact.text)).toMatch(/The chain holds: all \d+ entries match/);
    const db = app.get(DataSource);
    await db.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_entry DISABLE TRIGGER "TRG_audit_entry_append_only"');
      await manager.query(`UPDATE audit_entry SET action = 'forged' WHERE id = (SELECT min(id) FROM audit_entry)`);
      await manager.query('ALTER TABLE audit_entry ENABLE TRIGGER "TRG_audit_entry_append_only"');
    });
    const broken = await getPage(app, '/audit-trail/verify', admin).expect(409);
    expect(text(broken.text)).toContain('The chain is broken');
  });
});
