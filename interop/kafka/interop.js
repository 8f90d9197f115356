// An independent Confluent client speaking to Leadstream's broker and schema registry.
// Driven by ConfluentClientInteropTest (testkit); prints one JSON document on stdout.
//   node interop.js produce   TOPIC, EVENT_JSON: encode EVENT_JSON with the subject's latest schema and produce it, keyed by its lead
//   node interop.js consume   TOPIC, EXPECT: read EXPECT records from the beginning and print them decoded
//   node interop.js register  SUBJECT: register a schema through the registry API, encode and decode with it
'use strict'
const { Kafka, logLevel } = require('kafkajs')
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

const mode = process.argv[2]
const env = (name) => {
  const value = process.env[name]
  if (!value) throw new Error(`missing environment variable ${name}`)
  return value
}
const kafka = () => new Kafka({ clientId: 'leadstream-interop', brokers: env('BOOTSTRAP').split(','), logLevel: logLevel.ERROR })
const registry = new SchemaRegistry({ host: env('REGISTRY_URL') })
// SPEC §3: every lead-keyed topic is keyed <workspaceId>/<leadId> (io.leadstream.schemas.topic.LeadKey).
const leadKey = (event) => `${event.workspaceId}/${event.leadId}`
const timeout = setTimeout(() => { console.error(`interop ${mode} timed out`); process.exit(3) }, 60000)

async function produce () {
  const topic = env('TOPIC')
  const event = JSON.parse(env('EVENT_JSON'))
  const id = await registry.getLatestSchemaId(`${topic}-value`)
  const value = await registry.encode(id, event)
  const producer = kafka().producer()
  await producer.connect()
  await producer.send({ topic, acks: -1, messages: [{ key: leadKey(event), value }] })
  await producer.disconnect()
  return { schemaId: id, bytes: value.length }
}

async function consume () {
  const topic = env('TOPIC')
  const expected = Number(env('EXPECT'))
  const consumer = kafka().consumer({ groupId: `leadstream-interop-${process.pid}-${Date.now()}` })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const records = []
  await new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        records.push({ key: message.key && message.key.toString(), schemaId: message.value.readInt32BE(1), value: await registry.decode(message.value) })
        if (records.length >= expected) resolve()
      }
    }).catch(reject)
  })
  await consumer.disconnect()
  return records
}

async function register () {
  const subject = env('SUBJECT')
  const schema = {
    type: 'record', name: 'InteropPing', namespace: 'io.leadstream.interop',
    fields: [{ name: 'id', type: 'string' }, { name: 'sentAt', type: { type: 'long', logicalType: 'timestamp-millis' } }]
  }
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject })
  const again = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject })
  const encoded = await registry.encode(id, { id: 'ping-1', sentAt: 1767225600000 })
  const decoded = await registry.decode(encoded)
  return { id, againId: again.id, latestId: await registry.getLatestSchemaId(subject), decoded }
}

const modes = { produce, consume, register }
if (!modes[mode]) {
  console.error(`usage: node interop.js ${Object.keys(modes).join('|')}`)
  process.exit(2)
}
modes[mode]()
  .then((result) => { clearTimeout(timeout); console.log(JSON.stringify(result)); process.exit(0) })
  .catch((error) => { clearTimeout(timeout); console.error(error && error.stack ? error.stack : error); process.exit(1) })
