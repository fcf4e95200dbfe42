package io.monitor.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.monitor.core.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The timeline store's value serde, with exactly the bytes and results of {@link Topologies#TIMELINE_SERDE} (so the
 * store and its changelog keep their format), read and written on Jackson's token stream instead of data binding:
 * the timeline aggregate reads and writes its value once per mention. Input of any other shape is read by
 * {@code TIMELINE_SERDE} itself.
 */
final class TimelineCountsCodec {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    static final Serde<TimelineCounts> SERDE = Serdes.serdeFrom((Serializer<TimelineCounts>) (topic, v) -> write(v),
            (Deserializer<TimelineCounts>) (topic, data) -> read(data));

    private TimelineCountsCodec() {
    }

    static byte[] write(TimelineCounts v) {
        if (v == null) {
            return null;
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder((BufferRecycler) null, 128);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("volume", v.volume);
            g.writeNumberField("negative", v.negative);
            g.writeNumberField("neutral", v.neutral);
            g.writeNumberField("positive", v.positive);
            g.writeNumberField("sentimentSum", v.sentimentSum);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write TimelineCounts as JSON: " + e.getMessage(), e);
        }
    }

    static TimelineCounts read(byte[] data) {
        if (data == null) {
            return null;
        }
        TimelineCounts fast = fast(data);
        return fast != null ? fast : Topologies.TIMELINE_SERDE.fromBytes(data);
    }

    /** Exactly the five fields as written above, each once, as numbers; else null (the serde decides). */
    static TimelineCounts fast(byte[] data) {
        if (data.length > 4096) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            TimelineCounts c = new TimelineCounts();
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int bit;
                switch (name) {
                    case "volume" -> bit = 1;
                    case "negative" -> bit = 2;
                    case "neutral" -> bit = 4;
                    case "positive" -> bit = 8;
                    case "sentimentSum" -> bit = 16;
                    default -> {
                        return null;
                    }
                }
                if ((seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
                if (bit == 16) {
                    if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    c.sentimentSum = p.getDoubleValue();
                } else {
                    if (v != JsonToken.VALUE_NUMBER_INT || (p.getNumberType() != JsonParser.NumberType.INT
                            && p.getNumberType() != JsonParser.NumberType.LONG)) {
                        return null;
                    }
                    long n = p.getLongValue();
                    switch (bit) {
                        case 1 -> c.volume = n;
                        case 2 -> c.negative = n;
                        case 4 -> c.neutral = n;
                        default -> c.positive = n;
                    }
                }
            }
            return t == JsonToken.END_OBJECT && seen == 31 ? c : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
