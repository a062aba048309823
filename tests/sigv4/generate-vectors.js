// SigV4 known-answer vectors from AWS's own signer (@smithy/signature-v4, the signer inside the AWS SDK for JavaScript v3),
// for requests shaped as our JSON-protocol client sends them: POST with a JSON body, the headers it signs (host, x-amz-date,
// content-type, x-amz-target for JSON 1.1, x-amz-security-token with temporary credentials), on the Kinesis and the three
// Personalize hosts. No x-amz-content-sha256 (applyChecksum: false): only S3 wants it.
// Usage (from the repository root, after `npm ci --prefix tests`):
//   node tests/sigv4/generate-vectors.js > tests/Recommender.Adapters.Aws.Tests/Protocol/sigv4-vectors.json
'use strict';
const { SignatureV4 } = require('../node_modules/@smithy/signature-v4');
const { Hash } = require('../node_modules/@smithy/hash-node');

// Key pairs from AWS's documentation examples (never real ones); the session token is made up, long as real ones are.
const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const sessionToken = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexample+session/token==';
const signingDate = new Date('2026-11-21T18:04:05Z');

const cases = [
  {
    name: 'kinesis PutRecords, long-term keys',
    service: 'kinesis', region: 'us-east-1', host: 'kinesis.us-east-1.amazonaws.com', path: '/',
    contentType: 'application/x-amz-json-1.1', target: 'Kinesis_20131202.PutRecords',
    body: '{"StreamName":"events","Records":[{"Data":"eyJldmVudF9pZCI6ImUtMSJ9","PartitionKey":"alice"}]}',
  },
  {
    name: 'kinesis PutRecords, session token (as on Lambda)',
    service: 'kinesis', region: 'us-east-1', host: 'kinesis.us-east-1.amazonaws.com', path: '/',
    contentType: 'application/x-amz-json-1.1', target: 'Kinesis_20131202.PutRecords', sessionToken,
    body: '{"StreamName":"events","Records":[{"Data":"eyJldmVudF9pZCI6ImUtMSJ9","PartitionKey":"alice"}]}',
  },
  {
    name: 'kinesis GetRecords, session token, eu-west-1',
    service: 'kinesis', region: 'eu-west-1', host: 'kinesis.eu-west-1.amazonaws.com', path: '/',
    contentType: 'application/x-amz-json-1.1', target: 'Kinesis_20131202.GetRecords', sessionToken,
    body: '{"ShardIterator":"AAAAAAAAAAExampleIterator=","Limit":500}',
  },
  {
    name: 'personalize control plane CreateSolutionVersion, session token',
    service: 'personalize', region: 'us-east-1', host: 'personalize.us-east-1.amazonaws.com', path: '/',
    contentType: 'application/x-amz-json-1.1', target: 'AmazonPersonalize.CreateSolutionVersion', sessionToken,
    body: '{"solutionArn":"arn:aws:personalize:us-east-1:111122223333:solution/music","trainingMode":"FULL","name":"daily-2026-11-21"}',
  },
  {
    name: 'personalize-events PutEvents, session token (signing name personalize)',
    service: 'personalize', region: 'us-east-1', host: 'personalize-events.us-east-1.amazonaws.com', path: '/events',
    contentType: 'application/json', sessionToken,
    body: '{"trackingId":"a1b2c3d4","userId":"alice","sessionId":"s-1","eventList":[{"eventType":"complete","sentAt":1732196645.123,"eventId":"e-1","eventValue":0.98,"itemId":"t-1","properties":"{\\"hourOfDay\\":\\"18\\"}"}]}',
  },
  {
    name: 'personalize-runtime GetRecommendations, long-term keys',
    service: 'personalize', region: 'us-east-1', host: 'personalize-runtime.us-east-1.amazonaws.com', path: '/recommendations',
    contentType: 'application/json',
    body: '{"campaignArn":"arn:aws:personalize:us-east-1:111122223333:campaign/music","userId":"alice","numResults":25}',
  },
];

async function vector(c) {
  const signer = new SignatureV4({
    credentials: { ...keys, sessionToken: c.sessionToken },
    region: c.region, service: c.service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false,
  });
  const headers = { host: c.host, 'content-type': c.contentType };
  if (c.target) headers['x-amz-target'] = c.target;
  const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: c.host, path: c.path, query: {}, headers, body: c.body },
    { signingDate });
  return {
    name: c.name, service: c.service, region: c.region, host: c.host, path: c.path,
    content_type: c.contentType, target: c.target ?? null, body: c.body,
    access_key_id: keys.accessKeyId, secret_access_key: keys.secretAccessKey, session_token: c.sessionToken ?? null,
    amz_date: signed.headers['x-amz-date'], authorization: signed.headers.authorization,
  };
}

(async () => {
  const vectors = [];
  for (const c of cases) vectors.push(await vector(c));
  const generator = `@smithy/signature-v4 ${require('../node_modules/@smithy/signature-v4/package.json').version}`;
  process.stdout.write(JSON.stringify({ generator, command: 'node tests/sigv4/generate-vectors.js', vectors }, null, 2) + '\n');
})();
