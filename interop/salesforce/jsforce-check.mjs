// Independent client check: drives the Salesforce emulator with jsforce 3 (OAuth client credentials,
// query, create, update, upsert by external id, sObject Collections, SOSL, updated/deleted change windows,
// limits) and prints what
// jsforce returned as one JSON object. Configuration comes from the environment:
// SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, SF_VERSION.
import jsforce from 'jsforce';

const { SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, SF_VERSION } = process.env;

async function main() {
  const conn = new jsforce.Connection({
    oauth2: { loginUrl: SF_LOGIN_URL, clientId: SF_CLIENT_ID, clientSecret: SF_CLIENT_SECRET },
    version: SF_VERSION,
  });
  const out = {};
  out.userInfo = await conn.authorize({ grant_type: 'client_credentials' });
  out.instanceUrl = conn.instanceUrl;

  out.query = await conn.query("SELECT Id, Email FROM Lead WHERE Email = 'seeded@example.com'");

  out.created = await conn.sobject('Lead').create({
    LastName: 'Jsforce', Company: 'Interop Inc', Email: 'js@example.com', Phone: '+1 (415) 555-0199',
  });
  out.updated = await conn.sobject('Lead').update({ Id: out.created.id, Voice_Agent_Total_Calls__c: 3 });

  out.upsertCreated = await conn.sobject('Task').upsert(
    { Voice_Call_Id__c: 'call-js-1', Subject: 'Inbound Call', WhoId: out.created.id, Status: 'Completed' },
    'Voice_Call_Id__c');
  out.upsertUpdated = await conn.sobject('Task').upsert(
    { Voice_Call_Id__c: 'call-js-1', Subject: 'Inbound Call (updated)' }, 'Voice_Call_Id__c');

  out.collection = await conn.sobject('Contact').create(
    [{ LastName: 'Collection One' }, { LastName: 'Collection Two' }], { allOrNone: true });

  out.search = await conn.search(
    'FIND {\\+14155550199} IN PHONE FIELDS RETURNING Lead(Id, Phone), Contact(Id, Phone)');

  // Change windows (SPEC §16): what jsforce sends for updated/deleted must be understood.
  const windowStart = new Date(Date.now() - 3600 * 1000);
  const windowEnd = new Date(Date.now() + 60 * 1000);
  const doomed = await conn.sobject('Account').create({ Name: 'Deleted by jsforce' });
  await conn.sobject('Account').destroy(doomed.id);
  await new Promise((resolve) => setTimeout(resolve, 50));
  out.leadChanges = await conn.sobject('Lead').updated(windowStart, windowEnd);
  out.deletedAccount = doomed.id;
  out.accountDeletions = await conn.sobject('Account').deleted(windowStart, windowEnd);

  out.limits = await conn.limits();
  out.limitInfo = conn.limitInfo;

  try {
    await conn.sobject('Lead').create({ Company: 'No Last Name' });
    out.missingFieldError = null;
  } catch (e) {
    out.missingFieldError = { errorCode: e.errorCode, message: e.message };
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
