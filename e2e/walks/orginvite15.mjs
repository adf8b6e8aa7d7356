// Organization invitations and reporting a direct message (issue 15,
// items 8 and 14). Carys, an organization's admin, invites Irina by name
// and sees the invitation waiting; she writes Irina a message. Irina
// finds the invitation through her notifications and accepts it, without
// JavaScript; then she reports Carys's message from the conversation —
// the form names the community whose reviewers take it and links its
// agreements — and a second report says the first was counted. Starts
// and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  await p.load(`/c/${slug}/organizations/new`, 'orginvite15-organization-new');
  await p.fill({ '#f-name': 'Valley Choir', '#f-description': 'Sings on Thursdays in the hall.' });
  await page.check('#f-sector-ngo');
  await p.submit('main form button[type=submit]', 'orginvite15-organization');
  const choir = new URL(page.url()).pathname;
  await p.fill({ '#f-invitee': 'Irina Petrova' });
  await p.submit(`main form[action="${choir}/invitations"] button[type=submit]`, 'orginvite15-invited');
  assert.match(await page.locator('main').textContent(), /Irina Petrova/);
  assert.ok(await page.locator(`main form[action$="/withdraw"]`).count(), 'the invitation waits and can be withdrawn');

  await p.load('/messages/new', 'orginvite15-message-new');
  await p.fill({ '#f-to_name_1': 'Irina Petrova', '#f-body': 'Sing with us, or do not come back to the hall.' });
  await p.submit('main form button[type=submit]', 'orginvite15-message-sent');
  const conversation = new URL(page.url()).pathname;

  await p.submit('header form[action="/signout"] button', 'orginvite15-signed-out');
  await p.load('/signin', 'orginvite15-signin');
  await p.fill({ '#f-email': joiner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'orginvite15-signed-in');

  await p.load('/me/notifications', 'orginvite15-notifications');
  await p.submit(`main a[href="${choir}#invitation"]`, 'orginvite15-invitation');
  assert.ok(await page.locator('#invitation').count(), 'the invitation shows on the organization page');
  await p.submit('#invitation form[action$="/accept"] button', 'orginvite15-accepted');
  assert.equal(await page.locator('#invitation').count(), 0, 'answered, the invitation is gone');
  assert.match(await page.locator('main ul.people').textContent(), /Irina Petrova/);

  await p.load(conversation, 'orginvite15-conversation');
  await page.click('main details.flag summary'); // <details> opens without JavaScript too
  assert.ok(await page.locator(`main details.flag a[href="/c/${slug}/agreements"]`).count(), 'the form links the agreements');
  await page.fill('main details.flag textarea[name=reason]', 'Agreement 2: a threat.');
  await p.submit('main details.flag button[type=submit]', 'orginvite15-reported');
  assert.equal(new URL(page.url()).pathname, conversation);
  await page.click('main details.flag summary');
  await page.fill('main details.flag textarea[name=reason]', 'Again.');
  await p.submit('main details.flag button[type=submit]', 'orginvite15-reported-again');
  assert.match(await page.locator('.flash').first().textContent(), /counted once|уже/);

  await p.submit('header form[action="/signout"] button', 'orginvite15-signed-out-2');
  await p.load('/signin', 'orginvite15-signin-2');
  await p.fill({ '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'orginvite15-signed-in-2');
}
