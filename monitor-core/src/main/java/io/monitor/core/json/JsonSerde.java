package io.monitor.core.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one record type as JSON, immutable and stateless.
 *
 * <p>Deserialization failures throw {@link SerializationException} with a message that says what
 * was wrong (bad JSON, wrong schema version, too large), so the dead-letter handlers can record it.
 * {@code null} bytes read as {@code null} (tombstones).
 */
public final class JsonSerde<T> implements Serde<T> {

    /** Records larger than this are rejected before parsing (Kafka's default max message size). */
    public static final int MAX_BYTES = 1_048_576;

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Function<T, String> validator;

    private JsonSerde(Class<T> type, Function<T, String> validator) {
        this.type = type;
        this.reader = Json.MAPPER.readerFor(type);
        this.writer = Json.MAPPER.writerFor(type);
        this.validator = validator;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, v -> null);
    }

    /**
     * A serde whose deserializer also checks each record; {@code validator} returns null when the
     * record is fine, otherwise a sentence saying what is wrong.
     */
    public static <T> JsonSerde<T> validated(Class<T> type, Function<T, String> validator) {
        return new JsonSerde<>(type, validator);
    }

    public Class<T> type() {
        return type;
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public T fromBytes(byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > MAX_BYTES) {
            throw new SerializationException(type.getSimpleName() + " record of " + data.length
                    + " bytes exceeds the limit of " + MAX_BYTES + " bytes");
        }
        T value;
        try {
            value = reader.readValue(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " JSON record: "
                    + firstLine(e.getMessage()), e);
        }
        if (value == null) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " JSON record: JSON null");
        }
        String problem = validator.apply(value);
        if (problem != null) {
            throw new SerializationException("invalid " + type.getSimpleName() + ": " + problem);
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> toBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> fromBytes(data);
    }
}
