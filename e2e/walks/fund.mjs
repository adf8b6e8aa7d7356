// The community fund: the founder starts an initiative, opens a round
// (first with nothing filled in), edits it, proposes the initiative,
// reviews the proposal, votes when voting opens (first an empty ballot,
// refused), and once it closes reads the results, overrides one with a
// reason, confirms them and says what was spent; the archive then lists
// the round. The round's phases are seconds long so that the walk sees
// them all. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

// A moment in the community's time zone (Europe/London, the default) as a
// datetime-local field takes it.
function londonAt(when) {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(when)).replace(' ', 'T');
}

async function until(page, when) {
  const wait = when - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

export default async function (p, { slug }) {
  const page = p.page;
  // An initiative of the founder's own, to propose.
  await p.load(`/c/${slug}/initiatives/new`, 'fund-initiative-new');
  await p.fill({ '#f-title': 'Warm room on Wednesdays', '#f-summary': 'A heated room with tea for anyone who is cold at home.' });
  await p.submit('main form[action$="/initiatives/new"] button[type=submit]', 'fund-initiative');

  await p.load(`/c/${slug}/fund`, 'fund-none');
  await p.submit(`main a.button[href="/c/${slug}/fund/new"]`, 'fund-new');
  await page.fill('#f-title', '');
  await page.fill('#f-pool', '');
  await p.submit('main form button[type=submit]', 'fund-new-refused');
  assert.ok(await page.locator('main .error.summary').count() > 0);

  const votingOpens = Date.now() + 75_000; // room for the steps before, on a busy machine
  const votingCloses = votingOpens + 30_000;
  await p.fill({ '#f-title': 'Warm Spaces', '#f-pool': '1000', '#f-unit': 'GBP', '#f-min_choices': '1', '#f-max_choices': '2',
    '#f-review_at': londonAt(votingOpens), '#f-voting_at': londonAt(votingOpens), '#f-closes_at': londonAt(votingCloses) });
  await page.check('main input[name=funder_ids] >> nth=0');
  await page.check('#f-rule-approval');
  await page.check('#f-method-equal_shares');
  await p.submit('main form button[type=submit]', 'fund-round');
  const round = new URL(page.url()).pathname;
  assert.match(await page.locator('main .fund-phases .current').textContent(), /Proposals/);
  assert.match(await page.locator('main .fund-rule').textContent(), /Method of Equal Shares/);

  await p.submit(`main a[href="${round}/edit"]`, 'fund-edit');
  await p.fill({ '#f-description': 'For anyone who is **cold** at home this winter.' });
  await p.submit('main form button[type=submit]', 'fund-edited');

  // The proposal, then the reviewer's decision.
  await page.selectOption('#f-initiative_id', { label: 'Warm room on Wednesdays' });
  await p.fill({ '#f-title': 'Heat and tea on Wednesdays', '#f-plan': 'Heat the room from 2 to 8 pm and keep the urn on.',
    '#f-amount': '600', '#f-minimum': '300' });
  await p.submit('main form[action$="/proposals"] button[type=submit]', 'fund-proposal');
  const proposal = new URL(page.url()).pathname;
  await page.check('#f-decision-eligible');
  await p.fill({ '#f-reason': 'Fits Warm Spaces.' });
  await p.submit('main form[action*="/review"] button[type=submit]', 'fund-reviewed');
  assert.match(await page.locator('main .fund-facts').textContent(), /Eligible/);

  // Voting: an empty ballot is refused; then one choice, with what is left.
  await until(page, votingOpens + 1000);
  await p.load(round, 'fund-voting');
  await p.submit('main form.fund-ballot button[type=submit]', 'fund-ballot-refused');
  assert.match(await page.locator('main form.fund-ballot .error').textContent(), /at least one/);
  await page.check('main form.fund-ballot input[name=choice] >> nth=0');
  if (p.js) assert.equal((await page.locator('main .n-left').textContent()).trim(), '1');
  await p.submit('main form.fund-ballot button[type=submit]', 'fund-voted');
  assert.equal((await page.locator('main .n-left').textContent()).trim(), '1');

  // Results, an override with its reason, confirmation and follow-up.
  await until(page, votingCloses + 1000);
  await p.load(`${round}/results`, 'fund-results');
  assert.match(await page.locator('main table.fund-results').textContent(), /600/);
  await p.load(proposal, 'fund-proposal-results');
  await p.fill({ '#f-amount': '500', '#f-reason': 'The room is shared with the choir on one Wednesday a month.' });
  await p.submit('main form[action*="/override"] button[type=submit]', 'fund-overridden');
  await p.load(`${round}/results`, 'fund-results-overridden');
  assert.match(await page.locator('main .fund-override').textContent(), /shared with the choir/);
  await p.submit('main form[action$="/publish"] button[type=submit]', 'fund-published');
  assert.match(await page.locator('main .fund-phases .current').textContent(), /Follow-up/);
  await p.load(proposal, 'fund-proposal-funded');
  await p.fill({ '#f-spent': '120' });
  await p.submit('main form[action*="/spent"] button[type=submit]', 'fund-spent');
  await p.load(round, 'fund-follow-up');
  assert.match(await page.locator('main .fund-follow').textContent(), /120 GBP/);
  await p.load(`/c/${slug}/fund`, 'fund-archive');
  assert.equal(await page.locator('main table.fund-archive tbody tr').count(), 1);
}
