import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoService } from '../../src/demo/demo.service';
import { createUser, TestUser } from '../helpers/auth';
import { insertAssessments, insertCycle, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { getPage, text } from './web-helpers';

// The public site as a reader uses it: the methodology, finding a state, the map and heatmap, a state's
// claims and proof, comparison and downloads. Real cycles 2024 and 2026 (none in 2025) and a synthetic 2099.

describe('Public site', () => {
  let app: INestApplication;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    const db = app.get(DataSource);
    reviewer = await createUser(app, 'reviewer');
    await insertCycle(db, 2024, ['GGE']);
    await insertAssessments(db, 2024, reviewer.id, [{ state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 2, reviewed: 1 }]);
    await publishCycle(app, 2024);

    await insertCycle(db, 2026, ['GGE']);
    const [a, b] = await insertAssessments(db, 2026, reviewer.id, [
      { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 4, reviewed: 3 },
      { state: 'FRA', framework: 'GGE', commitment: '13(b)', stated: 3, reviewed: 3 },
      { state: 'DEU', framework: 'GGE', commitment: '13(a)', stated: 2, reviewed: 2 },
    ]);
    await db.query(`UPDATE assessment SET narrative = 'Our national CERT cooperates daily.', source_reference = 'Strategy 2025, §4' WHERE id = $1`, [a]);
    await insertLinks(db, reviewer.id, [
      { assessmentId: a, stance: 'supports', judgement: 'accepted' },
      { assessmentId: a, stance: 'contradicts', judgement: 'accepted' },
      { assessmentId: b, stance: 'supports', judgement: 'rejected' },
    ]);
    await db.query(`UPDATE evidence SET visibility = 'public'`);
    await publishCycle(app, 2026);
    await app.get(DemoService).seed({ year: 2099, publish: true, states: ['FRA', 'DEU', 'EST'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('explains the scores on its own page, with the numbers of the version in force', async () => {
    const page = text((await getPage(app, '/methodology').expect(200)).text);
    expect(page).toContain('How the scores are computed');
    expect(page).toMatch(/The numbers of version 2026\.1/);
    expect(page).toMatch(/Advanced 80\.0 –/);
    expect(page).toMatch(/Minimal 0\.0 20\.0/);
    for (const heading of ['Evidence rule', 'No data', 'Not applicable', 'Ranks', 'Worked example', 'Versions and freezing']) expect(page).toContain(heading);
    // Only published cycles are named beside a version.
    expect(page).toMatch(/2024, 2026, 2099 \(synthetic\)/);
  });

  it('finds a state by name or code in one step, and lists several matches', async () => {
    await getPage(app, '/find?q=France').expect(303).expect('Location', '/results/2026/states/FRA');
    await getPage(app, '/find?q=deu').expect(303).expect('Location', '/results/2026/states/DEU');
    await getPage(app, '/find?q=FRA&year=2099').expect(303).expect('Location', '/results/2099/states/FRA');
    const several = text((await getPage(app, '/find?q=Korea').expect(200)).text);
    expect(several).toMatch(/2 states/);
    expect(text((await getPage(app, '/find?q=Atlantis').expect(200)).text)).toContain('No state matches “Atlantis”');
    await getPage(app, `/find?q=${'x'.repeat(101)}`).expect(400);
  });

  it('draws the map with its legend first and a linked heatmap table', async () => {
    const html = (await getPage(app, '/results/2026?framework=GGE').expect(200)).text;
    expect(html.indexOf('aria-label="Tiers"')).toBeLessThan(html.indexOf('<svg class="map"'));
    expect(html).toMatch(/<a href="\/results\/2026\/states\/FRA" tabindex="-1" data-iso3="FRA"><title>France: [0-9.]+, \w+<\/title><path class="tier-/);
    // Brazil has no data: hatched, never a tier.
    expect(html).toMatch(/data-iso3="BRA"><title>Brazil: no data<\/title><path class="tier-none"/);
    // Malta is too small for the 1:110m shapes: a dot.
    expect(html).toMatch(/data-iso3="MLT"><title>Malta: no data<\/title><circle/);
    expect(html).toContain('href="/results/2026/states/FRA#GGE-13a"');
    expect(text(html)).toMatch(/France [0-9.]+ (Advanced|Established|Developing|Initial|Minimal)/);
  });

  it('shows what the state said, the verdict, the evidence with reasons and the contradiction beside the claim', async () => {
    const html = (await getPage(app, '/results/2026/states/FRA').expect(200)).text;
    const page = text(html);
    expect(html).toContain('id="GGE-13a"');
    expect(page).toContain('Our national CERT cooperates daily.');
    expect(page).toContain('Strategy 2025, §4');
    expect(page).toContain('Weighed the evidence');
    expect(page).toMatch(/Contradicting evidence Evidence 2 Contradicts the claim Accepted/);
    // Rejected evidence is never public (src/visibility); staff see it with the reviewer's reason.
    expect(page).not.toContain('Not credible');
    expect(text((await getPage(app, '/results/2026/states/FRA', reviewer).expect(200)).text)).toContain('Reason for rejecting it: Not credible');
    // The trend: 2024 and 2026, 2025 a gap, and never the synthetic 2099.
    expect(page).toMatch(/2024 [0-9.]+ [0-9.]+ 2025 No data 2026 [0-9.]+ [0-9.]+/);
    expect(html).not.toMatch(/2099: stated/);
    const synthetic = (await getPage(app, '/results/2099/states/FRA').expect(200)).text;
    expect(synthetic).not.toMatch(/2026: stated|<th scope="row">2026<\/th>/);
  });

  it('shows a state without data as no data, not as the lowest tier', async () => {
    const page = text((await getPage(app, '/results/2026/states/BRA').expect(200)).text);
    expect(page).toContain('No data Brazil has no assessment on the GGE commitments');
    expect(page).not.toContain('Minimal');
  });

  it('compares two to five states, or a state with a group', async () => {
    const page = text((await getPage(app, '/compare?year=2026&framework=GGE&s=FRA&s=DEU').expect(200)).text);
    expect(page).toMatch(/Measure France Germany Verified index/);
    expect(page).toMatch(/13\(a\) .*counted 3 stated 4 counted 1 stated 2/);
    const withGroup = text((await getPage(app, '/compare?year=2026&framework=GGE&s=BRA&group=EU').expect(200)).text);
    expect(withGroup).toMatch(/Brazil European Union member states \(mean of 2 with data\)/);
    expect(withGroup).toMatch(/Verified index No data [0-9.]+/);
    await getPage(app, '/compare?s=FRA&s=DEU&s=EST&s=ITA&s=ESP&s=PRT').expect(400);
    await getPage(app, '/compare?year=2031&s=FRA&s=DEU').expect(404);
  });

  it('lists every report and dataset of a cycle', async () => {
    const page = text((await getPage(app, '/results/2026/downloads').expect(200)).text);
    for (const label of ['Report (HTML)', 'Report (PDF)', 'Report data (XLSX)', 'All open data (JSON)', 'Scorecards (CSV)', 'Assessments (CSV)', 'Evidence (CSV)']) {
      expect(page).toContain(label);
    }
    expect(page).toMatch(/Whole cycle .* GGE /);
  });
});
