package io.leadstream.schemas.serde;

/**
 * Confluent wire format: magic byte {@code 0x00}, the schema id as a 4-byte big-endian int, then
 * the Avro binary encoding of the datum.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** The schema id of a wire-format record; throws a {@link MalformedRecordException} if it has no valid header. */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new MalformedRecordException(topic, "record is " + data.length
                    + " bytes, shorter than the 5-byte Confluent wire-format header (magic byte + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new MalformedRecordException(topic, String.format(
                    "unknown magic byte 0x%02x (expected 0x00): not Confluent wire format", data[0] & 0xff));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
