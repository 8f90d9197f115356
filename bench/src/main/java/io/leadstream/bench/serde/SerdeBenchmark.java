package io.leadstream.bench.serde;

import io.leadstream.schemas.event.VoiceEvent;
import io.leadstream.schemas.registry.SchemaRegistryClient;
import io.leadstream.schemas.registry.server.SchemaRegistryServer;
import io.leadstream.schemas.serde.AvroSerde;
import io.leadstream.testkit.samples.SampleVoiceEvents;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Records per second through the project's Confluent wire-format serde, against the baseline of
 * Avro's own binary encoding of the same record with no header, registry or cache: the ratio is
 * what the wire format and registry lookups cost on the hot path (the registry is hit once, then cached).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SerdeBenchmark {
    private static final String TOPIC = "voice.events.v1";

    private SchemaRegistryServer registry;
    private AvroSerde<VoiceEvent> serde;
    private VoiceEvent event;
    private byte[] wireBytes;

    private SpecificDatumWriter<VoiceEvent> rawWriter;
    private SpecificDatumReader<VoiceEvent> rawReader;
    private byte[] rawBytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        registry = SchemaRegistryServer.startInMemory(0);
        serde = new AvroSerde<>(SchemaRegistryClient.forUrls(registry.url()), VoiceEvent.class);
        event = SampleVoiceEvents.callCompleted();
        wireBytes = serde.serializer().serialize(TOPIC, event);

        rawWriter = new SpecificDatumWriter<>(VoiceEvent.class);
        rawReader = new SpecificDatumReader<>(VoiceEvent.class);
        rawBytes = Arrays.copyOfRange(wireBytes, 5, wireBytes.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public byte[] serializeWireFormat() {
        return serde.serializer().serialize(TOPIC, event);
    }

    @Benchmark
    public VoiceEvent deserializeWireFormat() {
        return serde.deserializer().deserialize(TOPIC, wireBytes);
    }

    @Benchmark
    public byte[] baselineSerializePlainAvro() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        rawWriter.write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public VoiceEvent baselineDeserializePlainAvro() throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(rawBytes, null);
        return rawReader.read(null, decoder);
    }
}
