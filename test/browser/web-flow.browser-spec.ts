import { INestApplication } from '@nestjs/common';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DemoService } from '../../src/demo/demo.service';
import { createUser, TestUser } from '../helpers/auth';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { pdfBytes } from '../helpers/workflow';
import { axeViolations, AxeViolation, isSerious, launchChromium, screenshot, shows, showsExactly, signIn, signOut, writeAxeReport } from './browser-helpers';

// The whole workflow through the pages, in Chromium, against the app listening on loopback:
// an admin opens a cycle, an official fills and submits a self-assessment, a reviewer attaches a file and
// reviews, the admin publishes, and the public pages show the new scorecard. Every main page is checked with axe.

const EU = ['AUT', 'BEL', 'BGR', 'HRV', 'CYP', 'CZE', 'DNK', 'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'IRL', 'ITA', 'LVA', 'LTU', 'LUX', 'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE'];

describe('Web interface in Chromium', () => {
  let app: INestApplication;
  let browser: Browser;
  let baseUrl: string;
  let admin: TestUser;
  let reviewer: TestUser;
  let official: TestUser;
  const violations: AxeViolation[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    admin = await createUser(app, 'admin', { email: 'admin@example.org' });
    reviewer = await createUser(app, 'reviewer', { email: 'reviewer@example.org' });
    official = await createUser(app, 'state_official', { email: 'official@example.fr', states: ['FRA'] });
    // Last year's cycle (synthetic), so the new scorecard has a trend and the overview has neighbours.
    await app.get(DemoService).seed({ year: 2025, publish: true, states: EU });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser (own cookies) for one person; on failure, a screenshot of where it stopped. */
  async function asPerson(name: string, steps: (page: Page) => Promise<void>): Promise<void> {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await steps(page);
    } catch (error) {
      await screenshot(page, `failed-${name}`).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  }

  /** Screenshot and accessibility check of a main page. */
  async function look(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    violations.push(...(await axeViolations(page, name)));
    checked.push(name);
  }

  function section(page: Page, code: string) {
    return page.locator('section.commitment', { has: page.getByRole('heading', { level: 2, name: new RegExp(`^${code.replace(/[()]/g, '\\$&')} `) }) });
  }

  it('lets an admin open the cycle', async () => {
    await asPerson('admin-opens', async (page) => {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email address').fill(admin.email);
      await page.getByLabel('Password').fill('wrong password entirely');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await shows(page.getByRole('alert'), 'Invalid email or password');
      await expect(page.getByLabel('Email address').inputValue()).resolves.toBe(admin.email);
      await look(page, '01-login-error');

      await signIn(page, baseUrl, admin.email, admin.password);
      expect(new URL(page.url()).pathname).toBe('/admin');
      await look(page, '02-admin');
      await page.getByRole('link', { name: 'Reporting cycles' }).click();
      await expect(page.getByLabel('Year').inputValue()).resolves.toBe('2026');
      await page.getByRole('button', { name: 'Open cycle' }).click();
      await shows(page.getByRole('status'), 'The cycle was opened');
      await shows(page.getByRole('heading', { name: /Reporting cycle 2026/ }));
      await look(page, '03-admin-cycles');

      for (const [path, name] of [['/admin/users', '04-admin-users'], ['/admin/methodologies', '05-admin-methodologies'], ['/admin/catalogue', '06-admin-catalogue'], ['/admin/import', '07-admin-import']]) {
        await page.goto(`${baseUrl}${path}`);
        await look(page, name);
      }
      await page.goto(`${baseUrl}/admin/users`);
      await page.getByRole('link', { name: official.email }).click();
      await expect(page.getByLabel('States (for state officials)').inputValue()).resolves.toBe('FRA');
      await look(page, '08-admin-user');
      await signOut(page);
    });
  });

  it('lets an official fill and submit the self-assessment, with errors shown beside the field', async () => {
    await asPerson('official', async (page) => {
      await signIn(page, baseUrl, official.email, official.password);
      expect(new URL(page.url()).pathname).toBe('/self-assessment');
      await look(page, '09-self-assessment-index');
      await page.getByRole('link', { name: /^GGE/ }).click();

      const a = section(page, '13(a)');
      await a.getByLabel('Level of implementation').selectOption('3');
      await a.getByLabel('Narrative').fill('A national CERT coordinates with regional partners; the 2024 cyber law sets duties.');
      await a.getByLabel('Source reference').fill('National strategy 2024, section 3');
      await a.locator('summary', { hasText: 'Add evidence for 13(a)' }).click();
      await a.getByLabel('Title').fill('National cybersecurity strategy 2024');
      await a.getByLabel('Link (URL)').fill('https://example.org/fr/strategy-2024');
      // Officials' evidence stays with the reviewers unless they mark it publishable.
      await a.getByLabel(/^May be published with the results/).check();
      await section(page, '13(b)').getByLabel('Level of implementation').selectOption('2');
      const c = section(page, '13(c)');
      await c.getByLabel(/^This commitment does not apply/).check();
      await c.getByLabel('Narrative').fill('Kept after the error');
      await page.getByRole('button', { name: 'Save draft' }).click();

      // The justification is missing: the error is beside that field, and what was typed is still there.
      await shows(c.locator('#notApplicableJustification_2-error'), 'explain why the commitment does not apply');
      await expect(c.getByLabel('Narrative').inputValue()).resolves.toBe('Kept after the error');
      await expect(c.getByLabel(/^This commitment does not apply/).isChecked()).resolves.toBe(true);
      await expect(c.getByLabel(/Why it does not apply/).getAttribute('aria-invalid')).resolves.toBe('true');
      await look(page, '10-self-assessment-error');

      await c.getByLabel(/Why it does not apply/).fill('No state-run critical infrastructure of this kind exists.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await shows(page.getByRole('status'), 'Your changes were saved');
      await shows(section(page, '13(a)').getByRole('link', { name: 'National cybersecurity strategy 2024' }));
      await expect(section(page, '13(a)').getByLabel('Level of implementation').inputValue()).resolves.toBe('3');

      await page.getByRole('button', { name: 'Save and submit for review' }).click();
      await shows(page.getByRole('status'), 'submitted for review');
      // Drafts without a level cannot be submitted; those with one now are.
      await showsExactly(section(page, '13(a)').locator('.badge').first(), 'Submitted');
      await showsExactly(section(page, '13(c)').locator('.badge').first(), 'Submitted');
      await look(page, '11-self-assessment-submitted');
      await signOut(page);
    });
  });

  it('lets a reviewer attach a file, judge the evidence and accept the assessment', async () => {
    await asPerson('reviewer', async (page) => {
      await signIn(page, baseUrl, reviewer.email, reviewer.password);
      expect(new URL(page.url()).pathname).toBe('/review');
      await shows(page.getByRole('table'), 'GGE:13(a)');
      await look(page, '12-review-queue');
      await page.getByRole('link', { name: /GGE:13\(a\)/ }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'FRA: GGE:13(a)');

      await page.getByLabel('Title').fill('Decree on the national CERT (scan)');
      await page.getByLabel(/^File/).setInputFiles({ name: 'decree.pdf', mimeType: 'application/pdf', buffer: pdfBytes('decree') });
      await page.getByLabel('Stance').selectOption('supports');
      await page.getByRole('button', { name: 'Attach evidence' }).click();
      await shows(page.getByRole('status'), 'The evidence was attached');
      await shows(page.getByRole('link', { name: 'Download file' }));

      const accepts = page.getByRole('button', { name: /^Accept “/ });
      const count = await accepts.count();
      expect(count).toBe(2);
      for (let i = 0; i < count; i++) {
        await accepts.nth(i).click();
        await shows(page.getByRole('status'), 'The evidence was judged');
      }
      await shows(page.locator('#evidence .badge.accepted').nth(1));
      expect(await page.locator('#evidence .badge.accepted').count()).toBe(2);

      // Accepting without a rationale is refused beside the field.
      await page.getByLabel('Reviewed level').selectOption('3');
      await page.getByRole('button', { name: 'Save and accept' }).click();
      await shows(page.locator('#rationale-error'), 'rationale must explain the reviewed level');
      await expect(page.getByLabel('Reviewed level').inputValue()).resolves.toBe('3');
      await page.getByLabel('Rationale').fill('The strategy and the decree establish the CERT and its cooperation duties.');
      await page.getByRole('button', { name: 'Save and accept' }).click();
      await shows(page.getByRole('status'), 'The assessment was accepted');
      await look(page, '13-review-assessment');

      await page.getByRole('link', { name: /Compare FRA with its group/ }).click();
      await shows(page.getByRole('table'), 'Verified index');
      await look(page, '14-review-compare');

      // A state that has not self-assessed: the reviewer records what it said at the UN.
      await page.goto(`${baseUrl}/review`);
      await page.getByRole('link', { name: /Record a state’s position/ }).click();
      await page.getByLabel('State (ISO code)').fill('DEU');
      await page.getByLabel('Framework').selectOption('GGE');
      await page.getByRole('button', { name: 'Open' }).click();
      const norm = page.locator('section.commitment', { has: page.getByRole('heading', { level: 2, name: /^13\(a\) / }) });
      await norm.getByLabel('Level the state describes').selectOption('2');
      await norm.getByLabel('Source', { exact: true }).selectOption('un_submission');
      await norm.getByLabel('Source reference').fill('A/76/136');
      await norm.getByRole('button', { name: 'Save 13(a)' }).click();
      await shows(page.getByRole('status'), 'Your changes were saved');
      await look(page, '24-review-positions');
      await signOut(page);
    });
  });

  it('lets the admin close the review and publish, with a confirmation', async () => {
    await asPerson('admin-publishes', async (page) => {
      await signIn(page, baseUrl, admin.email, admin.password);
      await page.goto(`${baseUrl}/admin/cycles`);
      const cycle = page.locator('#cycle-2026');
      await cycle.getByRole('button', { name: 'Close self-assessment and start the review' }).click();
      await shows(page.getByRole('status'), 'The cycle status was changed');
      await cycle.getByRole('button', { name: 'Publish 2026' }).click();
      await shows(cycle.locator('.field-error'), 'tick the box to confirm');
      await cycle.getByLabel(/can never change again/).check();
      await cycle.getByRole('button', { name: 'Publish 2026' }).click();
      await shows(page.getByRole('status'), 'The cycle was published');
      await showsExactly(cycle.locator('.badge').first(), 'Published');
      await look(page, '15-admin-published');

      // The day's work is in the audit trail, and its hash chain holds.
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await shows(page.getByRole('table'), 'cycle.published');
      await look(page, '21-audit-trail');
      await page.getByRole('link', { name: 'check the chain now' }).click();
      await shows(page.getByRole('main'), 'The chain holds');
      await look(page, '22-audit-verify');

      // The admin's own account: a token for a script, shown once.
      await page.getByRole('link', { name: /Your account/ }).click();
      await page.getByLabel('Name', { exact: true }).fill('nightly export');
      await page.getByRole('button', { name: 'Create token' }).click();
      await shows(page.getByRole('status'), 'shown only this once');
      await look(page, '23-account');
      await signOut(page);
    });
  });

  it('shows the new scorecard on the public pages', async () => {
    const { body: scorecard } = await request(app.getHttpServer()).get('/api/cycles/2026/states/FRA/scorecard?framework=GGE').expect(200);
    expect(scorecard.verifiedIndex).toBeGreaterThan(0);

    await asPerson('public', async (page) => {
      await page.goto(`${baseUrl}/`);
      await shows(page.getByRole('link', { name: 'Reporting cycle 2026' }));
      await look(page, '16-home');
      await page.getByRole('link', { name: 'Reporting cycle 2026' }).click();
      await page.getByLabel('Group of states').selectOption('EU');
      await page.getByRole('button', { name: 'Show' }).click();
      await shows(page.getByRole('table', { name: /GGE: verified level \(0–4\) of each state/ }).getByRole('rowheader', { name: 'France' }));
      expect(await page.locator('table.heatmap tbody tr').count()).toBe(27);
      await look(page, '17-results-overview');

      await page.goto(`${baseUrl}/results/2025?framework=OSCE&group=EU`);
      await look(page, '18-results-overview-2025');

      await page.goto(`${baseUrl}/results/2026/ranking?framework=GGE&group=EU`);
      const france = page.getByRole('row', { name: /France/ });
      await showsExactly(france.getByRole('cell').nth(1), scorecard.verifiedIndex.toFixed(1));
      await look(page, '19-results-ranking');

      await france.getByRole('link', { name: 'France' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'France');
      const gge = page.locator('section', { has: page.getByRole('heading', { name: 'GGE scorecard' }) });
      await shows(gge.locator('.fact').first(), scorecard.verifiedIndex.toFixed(1));
      // 2025 is a synthetic cycle: never part of a real state's trend.
      expect(await gge.getByRole('img', { name: /Trend of the GGE/ }).count()).toBe(0);
      await shows(gge.getByRole('link', { name: 'National cybersecurity strategy 2024' }));
      await shows(gge.locator('#GGE-13a'), '3 – Substantial');
      await shows(gge.locator('#GGE-13a'), 'A national CERT coordinates with regional partners');
      await look(page, '20-results-state');
    });
  });

  it('has no serious or critical accessibility violations on any main page', async () => {
    await writeAxeReport(violations);
    expect(checked).toHaveLength(24);
    expect(violations.filter(isSerious)).toEqual([]);
  });
});

