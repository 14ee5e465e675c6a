import { INestApplication } from '@nestjs/common';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoService } from '../../src/demo/demo.service';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { axeViolations, AxeViolation, launchChromium, screenshot, SCREENSHOTS, shows } from './browser-helpers';

// The public site in Chromium as a journalist uses it, at desktop and phone widths: find a state in one step,
// go from the map to a profile, compare, read the methodology; every public page is checked with axe and
// must not scroll sideways on a phone.

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const PUBLIC_PAGES: Array<[string, string]> = [
  ['home', '/'],
  ['find', '/find'],
  ['find-several', '/find?q=Korea'],
  ['methodology', '/methodology'],
  ['overview', '/results/2099?framework=GGE'],
  ['overview-osce', '/results/2099?framework=OSCE&group=EU'],
  ['ranking', '/results/2099/ranking?framework=GGE'],
  ['state', '/results/2099/states/FRA'],
  ['compare', '/compare?year=2099&framework=GGE&s=FRA&s=DEU&s=EST&group=EU'],
  ['downloads', '/results/2099/downloads'],
];

describe('Public site in Chromium', () => {
  let app: INestApplication;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createTestApp();
    await resetDatabase(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    // The whole world: every UN Member State on the map.
    await app.get(DemoService).seed({ year: 2099, publish: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function withPage(viewport: { width: number; height: number }, name: string, steps: (page: Page) => Promise<void>): Promise<void> {
    const context: BrowserContext = await browser.newContext({ viewport, javaScriptEnabled: true });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    try {
      await steps(page);
    } catch (error) {
      await screenshot(page, `public-failed-${name}`).catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  }

  it('finds a state in one step from the search box in the header', async () => {
    await withPage(DESKTOP, 'search', async (page) => {
      await page.goto(`${baseUrl}/`);
      await page.getByRole('search', { name: 'Site search' }).getByRole('searchbox').fill('France');
      await Promise.all([page.waitForURL(/\/results\/2099\/states\/FRA$/), page.getByRole('search', { name: 'Site search' }).getByRole('button', { name: 'Find' }).press('Enter')]);
      await shows(page.getByRole('heading', { level: 1 }), 'France');
    });
  });

  it('leads from the map to a state profile', async () => {
    await withPage(DESKTOP, 'map', async (page) => {
      await page.goto(`${baseUrl}/results/2099?framework=GGE`);
      await shows(page.getByRole('list', { name: 'Tiers' }));
      await screenshot(page, 'public-map-desktop');
      // A click on Germany's shape, where a reader clicks.
      const germany = page.locator('svg.map a[data-iso3="DEU"] path');
      await Promise.all([page.waitForURL(/\/results\/2099\/states\/DEU$/), germany.click()]);
      await shows(page.getByRole('heading', { level: 1 }), 'Germany');
      // A heatmap cell leads to that commitment on the profile.
      await page.goBack();
      await Promise.all([page.waitForURL(/\/states\/EST#GGE-13f$/), page.locator('table.heatmap a[href="/results/2099/states/EST#GGE-13f"]').click()]);
      await shows(page.locator('#GGE-13f h4'), '13(f)');
      await page.screenshot({ path: `${SCREENSHOTS}/public-state-commitment-desktop.png` });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: `${SCREENSHOTS}/public-state-top-desktop.png` });
    });
  });

  it('compares states side by side', async () => {
    await withPage(DESKTOP, 'compare', async (page) => {
      await page.goto(`${baseUrl}/compare`);
      await page.getByLabel('State 1').selectOption('FRA');
      await page.getByLabel('State 2').selectOption('DEU');
      await page.getByLabel('Against a group (optional)').selectOption('EU');
      await page.getByRole('button', { name: 'Compare' }).click();
      const table = page.getByRole('table', { name: /Indices 0–100/ });
      await shows(table.getByRole('columnheader', { name: 'France' }));
      await shows(table.getByRole('columnheader', { name: /European Union member states \(mean of \d+ with data\)/ }));
      await shows(page.getByRole('table', { name: /commitments, side by side/ }).getByRole('rowheader', { name: /13\(a\)/ }));
    });
  });

  it('explains the methodology with the numbers in force', async () => {
    await withPage(DESKTOP, 'methodology', async (page) => {
      await page.goto(`${baseUrl}/`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Methodology' }).click();
      await shows(page.getByRole('heading', { level: 1 }), 'How the scores are computed');
      await shows(page.getByRole('table', { name: 'Tier thresholds (verified index)' }).getByRole('row', { name: /Advanced 80\.0/ }));
      await shows(page.getByRole('heading', { name: 'Worked example' }));
    });
  });

  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`has no accessibility violations and no sideways scroll on any public page (${label})`, async () => {
      const violations: AxeViolation[] = [];
      const overflowing: string[] = [];
      await withPage(viewport, `axe-${label}`, async (page) => {
        for (const [name, path] of PUBLIC_PAGES) {
          await page.goto(`${baseUrl}${path}`);
          await screenshot(page, `public-${name}-${label}`);
          violations.push(...(await axeViolations(page, `${name}-${label}`)));
          const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
          if (width > viewport.width) overflowing.push(`${name}: ${width}px`);
        }
      });
      expect(violations).toEqual([]);
      expect(overflowing).toEqual([]);
    });
  }
});
