// The activities walk: offer a weekly course at the room, find it in the
// agenda and the month, fill its one place and have Irina wait for it,
// ask to learn something and schedule it, and say who can teach what.
import assert from 'node:assert/strict';

// A Monday at least a week ahead: the room opens 09:00–17:00 on Mondays.
function nextMonday() {
  const d = new Date(Date.now() + 8 * 24 * 3600 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function inDays(n) {
  return new Date(Date.now() + n * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  const signInAs = async (email, label) => {
    await p.submit('header form[action="/signout"] button', `activities-signed-out-${label}`);
    await p.load('/signin', `activities-signin-${label}`);
    await p.fill({ '#f-email': email, '#f-password': password });
    await p.submit('main form button[type=submit]', `activities-signed-in-${label}`);
  };

  // Offer a course: a mistake first (the end before the start), then right.
  await p.load(`/c/${slug}/activities/new`, 'activity-new');
  await p.fill({ '#f-title': 'Welsh for beginners', '#f-day': nextMonday(), '#f-from': '13:00', '#f-to': '12:00',
    '#f-themes': 'Welsh, language', '#f-capacity': '1', '#f-count': '3',
    '#f-description': 'Dewch i ddysgu **Cymraeg**: greetings, the shop, the bus.' });
  await page.check('#f-lang-cy'); // languages are ticked, named, not typed as codes
  await page.check('#f-lang-en');
  await page.check('#f-repeat-weekly');
  await page.selectOption('#f-resource_id', { label: 'Community room (30)' });
  await p.submit('main form button[type=submit]', 'activity-errors');
  assert.ok(await page.locator('#f-to-error').isVisible(), 'the end before the start is shown beside the field');
  await p.fill({ '#f-to': '14:30' });
  await p.submit('main form button[type=submit]', 'activity');
  assert.match(await page.locator('h1').textContent(), /Welsh for beginners/);
  const activity = new URL(page.url()).pathname;
  const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(ld['@type'], 'Course');
  assert.equal(ld.hasCourseInstance['@type'], 'CourseInstance');

  // The founder takes the one place.
  await p.submit('main form[action*="/register"] button[type=submit]', 'activity-registered');
  assert.match(await page.locator('.flash').first().textContent(), /You have a place/);

  // Find it: the agenda, filtered; the month; one's own activities.
  await p.load(`/c/${slug}/activities?theme=welsh&kind=course`, 'activities');
  assert.equal(await page.locator('main .card').count(), 3);
  await p.submit('main a[href*="/activities/month"]', 'activities-month');
  assert.ok(await page.locator('main table.month a').count() >= 1, 'the month shows the course');
  await p.load('/me/activities', 'my-activities');
  assert.match(await page.locator('main table').textContent(), /Welsh for beginners/);

  // Irina finds it full and joins the waitlist.
  await signInAs(joiner, 'joiner');
  await p.load(activity, 'activity-full');
  await p.submit('main form[action*="/register"] button[type=submit]', 'activity-waitlisted');
  assert.match(await page.locator('.flash').first().textContent(), /waitlist/);

  // She asks to learn something nobody offers yet.
  await p.load(`/c/${slug}/proposals`, 'proposals');
  await p.fill({ '#f-title': 'Fixing bicycles', '#f-themes': 'repair, cycling' });
  await p.submit('main form button[type=submit]', 'proposal');
  const proposal = new URL(page.url()).pathname;

  // The founder gives up the place, which moves Irina up; offers to teach
  // the bicycles, and schedules it, with Irina registered.
  await signInAs(owner, 'owner');
  await p.load(activity, 'activity-mine');
  await p.submit('main form[action$="/unregister"] button', 'activity-unregistered');
  await p.load(proposal, 'proposal-to-back');
  await page.check('#f-role-teach');
  await p.fill({ '#f-note': 'I mend mine every week.' });
  await p.submit('main form[action*="/interest"] button[type=submit]', 'proposal-backed');
  await p.submit('main a.button[href*="proposal="]', 'activity-new-from-proposal');
  await page.selectOption('#f-kind', 'skill_share');
  await p.fill({ '#f-day': inDays(10), '#f-from': '10:00', '#f-to': '12:00', '#f-online_url': 'https://meet.example.org/bikes' });
  await p.submit('main form button[type=submit]', 'activity-from-proposal');
  assert.match(await page.locator('main').textContent(), /Irina Petrova/);

  // Who can teach what.
  await p.load(`/c/${slug}/skills`, 'skills');
  await p.fill({ '#f-teaches': 'Welsh, bicycle repair', '#f-learns': 'pottery' });
  await p.submit('main form[method=post] button[type=submit]', 'skills-saved');
  await p.load(`/c/${slug}/skills?q=bicycle`, 'skills-found');
  assert.equal(await page.locator('main .card').count(), 1);
}
