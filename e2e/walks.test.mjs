// Browser walks of Commons in Debian's Chromium, driven by Playwright.
//
// One server on a fresh database; the same walks run three times:
//   desktop  — 1280 wide with JavaScript: axe-core on every page (WCAG 2.1 A
//              and AA), page weight from the network log (at most 60 KB
//              compressed), nothing clipped or scrolling sideways
//   phone    — 360×740 with JavaScript: nothing clipped or scrolling
//              sideways, the content in the first 200px, no control under
//              24×24 CSS pixels, axe again
//   no-js    — JavaScript off: every walk must still work
// plus a keyboard-only walk in English and in Arabic. A screenshot of the
// page where each pass stopped goes to e2e/artifacts/ (of every step with
// COMMONS_E2E_SHOTS=1).
// Every page listed in pages.txt must be visited by every pass.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import threads from './walks/threads.mjs';
import mail from './walks/mail.mjs';
import initiatives from './walks/initiatives.mjs';
import activities from './walks/activities.mjs';
import fund from './walks/fund.mjs';
import hours from './walks/hours.mjs';
import brokering from './walks/brokering.mjs';
import accounts from './walks/accounts.mjs';
import privacy from './walks/privacy.mjs';
import opendata from './walks/opendata.mjs';
import everyday from './walks/everyday.mjs';
import profile from './walks/profile.mjs';
import msc from './walks/msc.mjs';
import impact from './walks/impact.mjs';
import quality from './walks/quality.mjs';
import people15 from './walks/people15.mjs';
import archive15 from './walks/archive15.mjs';
import rtl from './walks/rtl.mjs';
import csvimport from './walks/csvimport.mjs';
import translations from './walks/translations.mjs';
import orginvite15 from './walks/orginvite15.mjs';

// Each part's walk, in e2e/walks/<part>.mjs: export default async (p, ctx).
const allParts = {
  threads,
  mail,
  initiatives,
  activities,
  fund,
  hours,
  brokering,
  accounts,
  privacy,
  opendata,
  everyday,
  profile,
  msc,
  impact,
  quality,
  people15,
  archive15,
  rtl,
  csvimport,
  translations,
  orginvite15,
};
// COMMONS_WALKS=threads,mail runs only those parts' walks (for working on
// one part); the check that every page was visited is then skipped.
const only = (process.env.COMMONS_WALKS || '').split(',').filter(Boolean);
for (const name of only) if (!allParts[name]) throw new Error(`COMMONS_WALKS: no walk named ${name}`);
const parts = Object.entries(allParts).filter(([name]) => !only.length || only.includes(name)).map(([, walk]) => walk);

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const artifacts = path.join(here, 'artifacts');
const axeSource = readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const maxPageBytes = 60 * 1024;
const password = 'a long passphrase';

// Every catalog key, from the English catalogs: a page that shows one
// has printed a key where its words should be (the raw-key rule; the Go
// walker TestPagesShowWordsNotCodes checks the same in every language,
// with raw enum values and English weekdays).
const catalogKeys = (() => {
  const dir = path.join(root, 'internal/i18n/catalogs');
  const keys = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.en.toml') || f === 'en.toml')) {
    let inTable = false; // a counted message's forms follow its [table]
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const table = line.match(/^\s*\[\s*"?([^"\]]+?)"?\s*\]/);
      if (table) { keys.add(table[1]); inTable = true; continue; }
      const plain = !inTable && line.match(/^\s*(?:"([^"]+)"|([A-Za-z0-9_.-]+))\s*=/);
      if (plain) keys.add(plain[1] || plain[2]);
    }
  }
  return keys;
})();

const pagePatterns = readFileSync(path.join(here, 'pages.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

// "GET /c/{slug}/organizations/{id}" → a regular expression for paths.
function patternRegExp(p) {
  const pathPart = p.replace(/^GET /, '');
  if (pathPart === '/{$}') return /^\/$/;
  return new RegExp('^' + pathPart.replace(/\{[a-z_]+\}/g, '[^/]+') + '$');
}
// A visit counts for the most literal pattern it matches: /quality/action-points
// is that page, not /quality/{id} (fewer placeholders first; the sort is stable).
const placeholders = (p) => (p.match(/\{[a-z_]+\}/g) || []).length;
const patterns = pagePatterns.map((p) => ({ name: p, re: patternRegExp(p) }))
  .sort((a, b) => placeholders(a.name) - placeholders(b.name));

let server, base, browser, workdir;
// serverLog is what the server wrote to its log, mail included.
let serverLog = '';

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitReady(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error('server never became ready: ' + url);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  workdir = mkdtempSync(path.join(tmpdir(), 'commons-e2e-'));
  const bin = path.join(workdir, 'commons');
  execFileSync('go', ['build', '-o', bin, './cmd/commons'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, GOTOOLCHAIN: 'go1.27.3' },
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // No tile server: this machine reaches no network, and the walks check
  // the pages, not the map's background.
  // No mail server either: mail is written to the log, where the accounts
  // walk reads its links (serverLog). People act without confirming their
  // address first (--confirm-email=false), as on a site that sends no mail.
  server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--db', path.join(workdir, 'e2e.db'), '--tile-url', '',
    '--confirm-email=false'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr.on('data', (d) => {
    serverLog += d;
    if (process.env.COMMONS_E2E_LOG) process.stderr.write(d);
  });
  await waitReady(base + '/readyz', 30000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

// A Pass is one way of walking: a browser context with its checks.
class Pass {
  constructor(name, { viewport, js, axe, weight, small, clip, budget }) {
    Object.assign(this, { name, viewport, js, axe, weight, small, clip, budget });
    this.visited = new Set();
    this.problems = [];
    this.step = 0;
    this.bytes = 0;
    this.sizes = [];
    this.spent = { screenshot: 0, axe: 0, clip: 0, other: 0 }; // ms, printed at the end of the pass
  }

  // timed runs one of the checks and adds its time to what the pass spent.
  async timed(what, f) {
    const start = performance.now();
    try { return await f(); } finally { this.spent[what] += performance.now() - start; }
  }

  async open() {
    this.context = await browser.newContext({ viewport: this.viewport, javaScriptEnabled: this.js, locale: 'en-GB' });
    this.page = await this.context.newPage();
    // Every page is measured as a first visit: nothing comes from the cache.
    const cdp = await this.context.newCDPSession(this.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Weight counts what the issue names: HTML, CSS, scripts and fonts
    // (photos and map markers are images, outside the budget).
    const counted = new Set(['document', 'stylesheet', 'script', 'font', 'fetch', 'xhr']);
    this.page.on('requestfinished', (req) => {
      if (!counted.has(req.resourceType())) return;
      this.sizes.push(req.sizes().then((s) => { this.bytes += s.responseBodySize + s.responseHeadersSize; }, () => {}));
    });
    this.page.on('pageerror', (e) => this.problems.push(`script error: ${e.message}`));
    this.page.on('console', (m) => {
      // A form answered with 422 is expected; any other failure is not.
      const aboutThePage = m.text().startsWith('Failed to load resource') && m.location().url === this.page.url();
      if (m.type() === 'error' && !aboutThePage) this.problems.push(`console error on ${this.page.url()}: ${m.text()} (${m.location().url})`);
    });
  }

  async close() {
    await this.page.screenshot({ path: path.join(artifacts, `${this.name}-last.png`), fullPage: true }).catch(() => {});
    await this.context.close();
  }

  // load navigates and checks the page it lands on.
  async load(url, label) {
    this.bytes = 0; this.sizes = [];
    await this.page.goto(base + url);
    await this.check(label);
  }

  // submit clicks a control that leads to a new page, and checks that page.
  async submit(selector, label) {
    this.bytes = 0; this.sizes = [];
    await Promise.all([this.page.waitForEvent('load'), this.page.click(selector)]);
    await this.check(label);
  }

  async check(label) {
    const page = this.page;
    await page.waitForLoadState('load');
    const url = new URL(page.url());
    const match = patterns.find((p) => p.re.test(url.pathname));
    if (match) this.visited.add(match.name);
    this.step++;
    const shot = `${this.name}-${String(this.step).padStart(2, '0')}-${label}.png`;
    // A picture of every step with COMMONS_E2E_SHOTS=1 (a third of a
    // pass's time); otherwise only of the page where a pass stops (close).
    if (process.env.COMMONS_E2E_SHOTS) {
      await this.timed('screenshot', () => page.screenshot({ path: path.join(artifacts, shot), fullPage: true }));
    }
    const where = `${this.name} ${label} (${url.pathname})`;
    const status = await page.evaluate(() => document.documentElement.lang);
    if (!status) this.problems.push(`${where}: no lang attribute`);
    // No catalog key in the page's words or in what it says to assistive
    // technology.
    const words = await page.evaluate(() => {
      const parts = [document.title, document.body.innerText];
      for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
        for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
      }
      return parts.join('\n');
    });
    for (const token of new Set(words.match(/[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+/g) || [])) {
      if (catalogKeys.has(token)) this.problems.push(`${where}: shows the catalog key ${token}`);
    }

    if (this.weight) {
      await Promise.all(this.sizes);
      if (this.bytes > maxPageBytes) this.problems.push(`${where}: ${this.bytes} bytes transferred, over ${maxPageBytes}`);
      this.log(`${label}: ${this.bytes} bytes`);
    }
    if (this.axe) {
      const result = await this.timed('axe', async () => {
        await page.evaluate(axeSource);
        return page.evaluate(() => globalThis.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }));
      });
      for (const v of result.violations) {
        this.problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    if (this.clip) {
      // Nothing is cut off: no element hides part of its content behind
      // its edge (a scroll box, overflow hidden), at this width. Form
      // fields scroll their own text, the map its tiles, and the
      // visually-hidden helper is meant to be 1px wide.
      const clipped = await this.timed('clip', () => page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('.leaflet-container, .visually-hidden, .skip')) continue;
          const s = getComputedStyle(el);
          if (s.display === 'none' || !['hidden', 'auto', 'scroll', 'clip'].includes(s.overflowX)) continue;
          if (el.clientWidth <= 1) continue;
          if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} shows ${el.clientWidth} of ${el.scrollWidth}px`);
        }
        return out;
      }));
      for (const c of clipped) this.problems.push(`${where}: clips its content: ${c}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) this.problems.push(`${where}: scrolls sideways by ${overflow}px`);
    }
    if (this.budget) {
      // The first screen shows content: the main heading (or the message
      // about what the reader just did, just above it) starts in the top
      // 200px, under the folded menus.
      const top = await page.evaluate(() => {
        const first = document.querySelector('main > .flash, main h1');
        return first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : null;
      });
      if (top !== null && top > 200) this.problems.push(`${where}: the content starts ${top}px down, below the first 200px`);
    }
    if (this.small) {
      const tiny = await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')) {
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          if (r.width === 0 && r.height === 0) continue; // not shown
          if (style.visibility === 'hidden' || el.closest('.skip')) continue;
          if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()} “${(el.textContent || el.name || '').trim().slice(0, 30)}” ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
        return out;
      });
      for (const t of tiny) this.problems.push(`${where}: control under 24×24: ${t}`);
    }
  }

  log(s) { if (process.env.COMMONS_E2E_VERBOSE) console.log(`# ${this.name}: ${s}`); }

  async fill(fields) {
    for (const [sel, value] of Object.entries(fields)) await this.page.fill(sel, value);
  }
}

function tomorrow() {
  const d = new Date(Date.now() + 36 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

// openMenu unfolds the header's menu where it is folded (on a phone); the
// summary opens the <details> with or without JavaScript.
async function openMenu(p) {
  const summary = p.page.locator('header details.menu > summary');
  if (await summary.isVisible()) await summary.click();
}

// The walks. Each pass uses its own people and community.
async function walk(p) {
  const page = p.page;
  const slug = `town-${p.name}`;
  const owner = `owner-${p.name}@example.org`;
  const joiner = `joiner-${p.name}@example.org`;

  await p.load('/', 'home');

  // Sign up, seeing the form's errors first.
  await p.load('/signup', 'signup');
  await p.submit('main form button[type=submit]', 'signup-errors');
  assert.ok(await page.locator('#f-email-error').isVisible(), 'sign-up errors are shown beside the fields');
  await p.fill({ '#f-name': 'Carys Morgan', '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'signed-up');

  // Start a community.
  await p.load('/communities/new', 'community-new');
  await p.fill({ '#f-name': `Cwm Tawel ${p.name}`, '#f-slug': slug, '#f-description': 'A valley learning together.' });
  // Languages and the time zone are chosen from lists, named in words.
  await page.selectOption('#f-languages', 'en');
  await page.click('main details.field > summary'); // the other languages, folded
  await page.check('#f-lang-cy');
  await page.check('#f-lang-ru');
  await page.selectOption('#f-time_zone', 'Europe/London');
  await p.submit('main form button[type=submit]', 'community');
  assert.equal(new URL(page.url()).pathname, `/c/${slug}`);

  // Put an organization on the map, then edit it.
  await p.submit('main a.button[href$="/organizations/new"]', 'organization-new');
  await p.fill({ '#f-name': 'Cwm Tawel Library', '#f-website': 'https://library.example', '#f-description': 'Books and a makerspace.' });
  await page.check('#f-sector-culture');
  await p.submit('main form button[type=submit]', 'organization');
  assert.match(await page.locator('h1').textContent(), /Cwm Tawel Library/);
  await p.submit('main a.button[href$="/edit"]', 'organization-edit');
  await p.fill({ '#f-address': 'Heol y Glowyr 2\nCwm Tawel' });
  await p.submit('main form button[type=submit]', 'organization-saved');

  // The directory: filtering works with htmx, and as a plain form without.
  await p.load(`/c/${slug}/organizations`, 'directory');
  await page.fill('#f-q', 'makerspace');
  if (p.js) {
    await page.waitForFunction(() => location.search.includes('q=makerspace'));
    await page.waitForLoadState('networkidle');
  } else {
    await p.submit('main form[role=search] button[type=submit]', 'directory-filtered');
  }
  assert.equal(await page.locator('#results .card').count(), 1);

  // Share a space, book it, and see it in the week, the list, the map and
  // one's own bookings.
  await p.load(`/c/${slug}/resources/new`, 'resource-new');
  await p.fill({ '#f-title': 'Community room', '#f-description': 'Chairs for thirty.', '#f-capacity': '30', '#f-latitude': '51.7056', '#f-longitude': '-3.7401' });
  await page.selectOption('#f-kind', 'space');
  await page.check('#f-acc-step_free');
  await page.check('#f-approval-open');
  await p.submit('main form button[type=submit]', 'resource');
  await p.fill({ '#f-day': tomorrow(), '#f-from': '10:00', '#f-to': '11:30', '#f-purpose': 'Choir rehearsal' });
  await p.submit('#book ~ form button[type=submit]', 'booked');
  assert.match(await page.locator('.flash').first().textContent(), /confirmed/);
  await p.submit('main a.button[href$="/edit"]', 'resource-edit');
  await p.fill({ '#f-hours_1': '09:00-17:00', '#f-closed': '2099-12-25 Christmas Day' });
  await p.submit('main form.stack button[type=submit]', 'resource-saved');
  await p.load(`/c/${slug}/resources?q=room&kind=space&accessibility=step_free`, 'resources');
  assert.equal(await page.locator('#results .card').count(), 1);
  await p.load(`/c/${slug}/resources/map`, 'resources-map');
  if (p.js) assert.equal(await page.locator('.leaflet-marker-icon').count(), 1, 'the map shows the marker');
  await p.load('/me/bookings', 'my-bookings');
  assert.match(await page.locator('main table').textContent(), /Community room/);

  // Settings: applications from now on.
  await p.load(`/c/${slug}/settings`, 'settings');
  await page.check('#f-requires_application');
  await p.fill({ '#f-application_questions': 'What would you like to learn here?' });
  await p.submit('main form button[type=submit]', 'settings-saved');
  await p.load(`/c/${slug}/agreements`, 'agreements-none');
  await p.submit('main a.button[href$="/agreements/edit"]', 'agreements-edit');
  await p.fill({ '#f-body': 'We share kindly.\nWe return things clean.' });
  await p.submit('main form button[type=submit]', 'agreements');
  assert.match(await page.locator('.agreements').textContent(), /return things clean/);
  await p.load(`/c/${slug}/members`, 'members');
  await p.load(`/c/${slug}/record`, 'record');

  // Profile and an API token.
  await p.load('/me', 'profile');
  await page.fill('#f-label', 'my script');
  await p.submit('form[action="/me/tokens"] button[type=submit]', 'token-created');
  assert.match(await page.locator('code.secret').textContent(), /^cmn_/);
  await p.submit('header form[action="/signout"] button', 'signed-out');

  // A second person applies to join.
  await p.load('/signup', 'signup-2');
  await p.fill({ '#f-name': 'Irina Petrova', '#f-email': joiner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'signed-up-2');
  await p.load(`/c/${slug}`, 'community-visitor');
  await p.submit(`main a.button[href="/c/${slug}/join"]`, 'join');
  await p.fill({ '#f-answer_0': 'Welsh, and how to fix a bicycle.', '#f-application': 'I would like to help with the digital skills drop-in.' });
  await p.submit('main form button[type=submit]', 'applied');
  await p.submit('header form[action="/signout"] button', 'signed-out-2');

  // The first person signs in and admits her.
  await p.load('/signin', 'signin');
  await p.fill({ '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'signed-in');
  await p.load('/me/notifications', 'notifications');
  await p.load(`/c/${slug}/applications`, 'applications');
  await page.fill('main textarea[name=body]', 'I met her at the library: welcome!');
  await p.submit('main form[action$="/comments"] button[type=submit]', 'commented');
  assert.match(await page.locator('main').textContent(), /met her at the library/);
  await p.submit('main form button[value=admit]', 'admitted');
  await p.load(`/c/${slug}/members`, 'members-2');
  await p.submit('main table a >> text=Irina Petrova', 'member');
  await p.submit('main form[action$="/trust"] button >> nth=0', 'vouched');
  await p.load(`/c/${slug}/trust`, 'trust');
  assert.match(await page.locator('main table').textContent(), /Irina Petrova/);
  await p.submit('header form[action="/signout"] button', 'signed-out-3');

  // Irina, admitted now, shares something; the founder (a steward) reports
  // it, which hides it for review, and scores the options.
  await p.load('/signin', 'signin-2');
  await p.fill({ '#f-email': joiner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'signed-in-2');
  await p.load(`/c/${slug}/resources/new`, 'resource-new-2');
  await p.fill({ '#f-title': 'Miracle cure' });
  await page.selectOption('#f-kind', 'other');
  await p.submit('main form button[type=submit]', 'resource-2');
  const flagged = new URL(page.url()).pathname;
  await p.submit('header form[action="/signout"] button', 'signed-out-4');
  await p.load('/signin', 'signin-3');
  await p.fill({ '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'signed-in-3');
  await p.load(flagged, 'to-report');
  await page.click('details.flag summary'); // <details> opens without JavaScript too
  await page.fill('#f-flag-reason', 'Breaks our agreement on honest offers.');
  await p.submit('details.flag button[type=submit]', 'reviews');
  await p.submit('main .card h2 a', 'review');
  await page.selectOption('#f-remove', '2');
  await p.submit('main form[action$="/scores"] button[type=submit]', 'scored');
  assert.match(await page.locator('main').textContent(), /remove it: 2/);

  // The walks of each part of the product, from files of their own. Each
  // starts signed in as the founder (a steward) with the room and the
  // library above, and Irina a member; each ends signed in as the founder.
  for (const part of parts) await part(p, { slug, owner, joiner, password, mailLog: () => serverLog });

  // Switch to Russian: on a phone the languages are in the folded menu.
  await openMenu(p);
  await p.submit('header form.lang button[value=ru]', 'russian');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  await p.load(`/c/${slug}`, 'community-ru');
  await openMenu(p);
  await p.submit('header form.lang button[value=en]', 'english-again');
}

// The passes run side by side: each has its own people and community, and
// much of a walk is waiting (a fund round's phases open on the clock), so
// two cores walk three passes in about the time of one and a half.
describe('walks', { concurrency: 3 }, () => {
  for (const [name, opts] of [
    ['desktop', { viewport: { width: 1280, height: 800 }, js: true, axe: true, weight: true, small: false, clip: true }],
    ['phone', { viewport: { width: 360, height: 740 }, js: true, axe: true, weight: false, small: true, clip: true, budget: true }],
    ['nojs', { viewport: { width: 1024, height: 768 }, js: false, axe: false, weight: true, small: false }],
  ]) {
    test(`walks: ${name}`, async () => {
      const p = new Pass(name, opts);
      await p.open();
      const start = performance.now();
      try {
        await walk(p);
      } finally {
        await p.close();
        const s = Object.entries(p.spent).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`).join(', ');
        console.log(`# ${name}: ${p.step} pages in ${((performance.now() - start) / 1000).toFixed(0)} s; ${s}`);
      }
      const missed = pagePatterns.filter((x) => !p.visited.has(x));
      if (!only.length) assert.deepEqual(missed, [], `pages no walk visited (${name})`);
      assert.deepEqual(p.problems, [], `problems found (${name})`);
    });
  }

  // The keyboard alone: the skip link, visible focus on everything, no trap,
  // and a whole form filled and sent without a pointer; in English and in
  // Arabic (right to left, chosen by the browser's language).
  for (const lang of ['en', 'ar']) test(`walks: keyboard only (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang === 'en' ? 'en-GB' : 'ar' });
    const slug = `keyboard-town-${lang}`;
    const page = await context.newPage();
    const problems = [];
    try {
      // Sign up and start a community through the pages, by keyboard.
      await page.goto(base + '/signup');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'skip', 'the first Tab reaches the skip link');
      assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0), 'the skip link shows when focused');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => location.hash), '#main');
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);

      // Tab through the whole page: every stop shows its focus, and focus
      // comes back round to the start (no trap).
      const stops = await page.evaluate(() => document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea').length);
      const seen = new Set();
      for (let i = 0; i < stops + 3; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
          return { id: el.id || el.name || el.textContent.trim().slice(0, 20) + el.tagName, visible };
        });
        if (!info) continue;
        if (!info.visible) problems.push(`no visible focus on ${info.id}`);
        seen.add(info.id);
      }
      assert.ok(seen.size >= Math.min(stops, 8), `focus moved through the page (${seen.size} of ${stops} stops)`);

      // Fill the sign-up form by keyboard and send it with Enter.
      await page.focus('#f-name');
      await page.keyboard.type('Keyboard User');
      await page.keyboard.press('Tab');
      await page.keyboard.type(`keys-${lang}@example.org`);
      await page.keyboard.press('Tab');
      await page.keyboard.type(password);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      await page.goto(base + '/communities/new');
      await page.focus('#f-name');
      await page.keyboard.type(`Keyboard Town (${lang})`);
      await page.keyboard.press('Tab');
      await page.keyboard.type(slug);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).pathname, `/c/${slug}`);

      // Add an organization: choose the sector with the arrow keys.
      await page.goto(`${base}/c/${slug}/organizations/new`);
      await page.focus('#f-name');
      await page.keyboard.type('Repair Café');
      await page.keyboard.press('Tab'); // into the sector radio group
      await page.keyboard.press('ArrowDown'); // public_authority → business … keep going to citizen_group
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.value), 'citizen_group');
      await page.focus('#f-name');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.match(await page.locator('h1').textContent(), /Repair Café/);
      await page.screenshot({ path: path.join(artifacts, `keyboard-organization-${lang}.png`), fullPage: true });

      // Share a space and book it by typing: the form offers tomorrow as the
      // day; the times are typed into each field (Tab walks the hour and
      // minute parts of a time field, so each field is entered directly).
      await page.goto(`${base}/c/${slug}/resources/new`);
      await page.focus('#f-title');
      await page.keyboard.type('Meeting room');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      assert.match(await page.locator('h1').textContent(), /Meeting room/);
      await page.focus('#f-from');
      await page.keyboard.type('1000');
      await page.focus('#f-to');
      await page.keyboard.type('1130');
      await page.focus('#f-purpose');
      await page.keyboard.type('Keyboard club');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      if (lang === 'en') assert.match(await page.locator('.flash').first().textContent(), /confirmed/, 'booked by keyboard');
      assert.match(await page.locator('main').textContent(), /Keyboard club/, 'the booking shows on the resource');
      await page.screenshot({ path: path.join(artifacts, `keyboard-booking-${lang}.png`), fullPage: true });
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
