package io.monitor.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;

/**
 * The one Jackson configuration every module uses for Kafka values, HTTP bodies and settings.
 *
 * <p>Instants are ISO-8601 strings, unknown properties are ignored (so older readers accept newer
 * records: the {@code schemaVersion} field says when that is not safe), durations accept both ISO-8601
 * ({@code PT5M}) and the short form people write in config ({@code 5m}, {@code 30s}, {@code 500ms}).
 */
public final class Json {

    /** Shared, thread-safe mapper. Do not reconfigure it. */
    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    public static JsonMapper create() {
        return configure(JsonMapper.builder());
    }

    /** Applies the project's configuration to any mapper builder (JSON, YAML, ...). */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configure(B builder) {
        SimpleModule durations = new SimpleModule("monitor-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
                }
            }
        });
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        M mapper = builder
                .addModule(new JavaTimeModule())
                .addModule(durations)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
        // Bound what one hostile record can make us allocate.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(1_000_000).maxNestingDepth(64).maxNumberLength(64).build());
        return mapper;
    }
}
