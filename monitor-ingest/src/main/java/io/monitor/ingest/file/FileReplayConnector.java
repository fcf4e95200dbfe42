package io.monitor.ingest.file;

import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.MentionRecords;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays historical mentions from a JSONL file ({@code options.path}, one {@link Mention} JSON object per line, the
 * shape the HTTP push accepts), oldest first as written.
 *
 * <p>{@code options.pace}: {@code fast} (default: as fast as Kafka takes them), {@code original} (the gaps between
 * the mentions' createdAt), or a number (a speed-up factor, e.g. {@code 60} replays an hour in a minute). With
 * {@code options.shiftTime: true} every createdAt is moved so that the file's first mention is "now" (a live-looking
 * demo from recorded data); otherwise times stay as recorded (backtests). Lines that are not valid mentions are
 * dead-lettered with their byte offset. Resume: the cursor is the byte offset of the next line; at the end of the
 * file the connector waits for more lines (the file may grow).
 *
 * <p>CSV ({@code options.format: csv}, the default for a {@code .csv} file): a header row names the columns, which
 * are mapped to mention fields by name ({@link CsvMentions}; {@code options.columns} maps a field to another column
 * name, {@code options.platform} gives the platform when no column does, {@code options.delimiter} is {@code ,}
 * (default), {@code ;}, {@code tab} or {@code |}). Quoted fields may span lines; the cursor is the byte offset of
 * the next record, the header is read again on every start.
 */
public final class FileReplayConnector extends SourceConnector {
    private static final int MAX_BATCH = 1000;

    private final Path path;
    private final double speed; // 0 = as fast as possible
    private final boolean shiftTime;
    private final CsvMentions csv; // null for JSONL
    private final long headerEnd;
    private Instant replayStart;
    private Instant firstCreated;

    public FileReplayConnector(SourceContext ctx) {
        super(ctx, "file");
        String p = ctx.option("path", null);
        if (p == null || p.isBlank()) {
            throw new SettingsException(ctx.key() + ".options.path", "name the JSONL file to replay");
        }
        this.path = Path.of(p);
        if (!Files.isReadable(path)) {
            throw new SettingsException(ctx.key() + ".options.path", "cannot read " + path.toAbsolutePath());
        }
        String pace = ctx.option("pace", "fast").trim();
        if (pace.equals("fast")) {
            speed = 0;
        } else if (pace.equals("original")) {
            speed = 1;
        } else {
            try {
                speed = Double.parseDouble(pace);
            } catch (NumberFormatException e) {
                throw new SettingsException(ctx.key() + ".options.pace", "must be fast, original or a speed-up factor"
                        + " such as 10, was '" + pace + "'");
            }
            if (!(speed > 0)) {
                throw new SettingsException(ctx.key() + ".options.pace", "the speed-up factor must be positive");
            }
        }
        this.shiftTime = Boolean.parseBoolean(ctx.option("shiftTime", "false"));
        String format = ctx.option("format", path.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".csv") ? "csv" : "jsonl").trim().toLowerCase(java.util.Locale.ROOT);
        if (format.equals("csv")) {
            char delimiter = delimiter(ctx);
            String header;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                long end = readRecord(in, buf, true);
                if (end < 0) {
                    throw new SettingsException(ctx.key() + ".options.path", path + " has no header row yet");
                }
                headerEnd = end;
                header = buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SettingsException(ctx.key() + ".options.path", "cannot read " + path + ": " + e.getMessage());
            }
            Map<String, String> columns = new HashMap<>();
            Object c = ctx.source().options().get("columns");
            if (c instanceof Map<?, ?> m) {
                m.forEach((k, v) -> columns.put(String.valueOf(k), String.valueOf(v)));
            } else if (c != null) {
                throw new SettingsException(ctx.key() + ".options.columns", "must map mention fields to column names, "
                        + "e.g. {text: Tweet, createdAt: date}");
            }
            try {
                csv = new CsvMentions(header.startsWith("\uFEFF") ? header.substring(1) : header, delimiter, columns,
                        ctx.option("platform", null));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(ctx.key() + ".options." + e.getMessage().replaceFirst(":.*", ""),
                        e.getMessage().replaceFirst("^[^:]*: ", "") + " (" + path.getFileName() + ")");
            }
        } else if (format.equals("jsonl")) {
            csv = null;
            headerEnd = 0;
        } else {
            throw new SettingsException(ctx.key() + ".options.format", "must be jsonl or csv, was '" + format + "'");
        }
    }

    private static char delimiter(SourceContext ctx) {
        String d = ctx.option("delimiter", ",");
        return switch (d) {
            case ",", ";", "|" -> d.charAt(0);
            case "tab", "\t", "\\t" -> '\t';
            default -> throw new SettingsException(ctx.key() + ".options.delimiter", "must be , ; | or tab, was '" + d + "'");
        };
    }

    /**
     * Reads one record into {@code buf} (without its line break); a CSV record ends only at a line break outside
     * quotes. Returns the bytes consumed, or -1 when the input ended before a complete record.
     */
    private static long readRecord(InputStream in, ByteArrayOutputStream buf, boolean csvQuotes) throws IOException {
        long n = 0;
        boolean quoted = false;
        int c;
        while ((c = in.read()) != -1) {
            n++;
            if (csvQuotes && c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                return n;
            }
            buf.write(c);
        }
        return -1;
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofMillis(200);
    }

    @Override
    public Batch fetch(String cursor) throws FetchException {
        long offset;
        try {
            offset = cursor == null ? 0 : Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable file cursor (expected a byte offset): "
                    + io.monitor.ingest.SeenWindowCursor.abbreviate(cursor), e);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("unreadable file cursor (negative byte offset): " + offset);
        }
        Instant now = ctx.clock().instant();
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (offset > ch.size()) {
                throw FetchException.fatal("client", path + " is shorter than the stored offset " + offset
                        + ": the file was replaced; delete the cursor of " + id() + " to replay it from the start");
            }
            ch.position(offset);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            if (offset < headerEnd) {
                in.skipNBytes(headerEnd - offset);
                offset = headerEnd;
            }
            long pos = offset;
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            while (mentions.size() + rejected.size() < MAX_BATCH) {
                buf.reset();
                long n = readRecord(in, buf, csv != null);
                if (n < 0) {
                    break; // end of file, or a record still being written: the offset stays at its start
                }
                pos += n;
                String line = buf.toString(StandardCharsets.UTF_8);
                if (line.isBlank()) {
                    offset = pos;
                    continue;
                }
                Mention m;
                try {
                    m = csv != null ? csv.map(line, now) : MentionRecords.fromJson(Json.MAPPER.readTree(line.strip()), now);
                } catch (IOException | IllegalArgumentException e) {
                    String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
                    rejected.add(new Batch.Rejected(csv != null ? line : line.strip(), path.getFileName()
                            + " at byte offset " + offset + ": " + why));
                    offset = pos;
                    continue;
                }
                if (firstCreated == null) {
                    firstCreated = m.createdAt();
                    replayStart = now;
                }
                if (speed > 0) {
                    long sinceFirstMs = Duration.between(firstCreated, m.createdAt()).toMillis();
                    if (replayStart.plusMillis((long) (sinceFirstMs / speed)).isAfter(now)) {
                        break; // not due yet: the next fetch comes back for it
                    }
                }
                if (shiftTime) {
                    Instant shifted = replayStart.plus(Duration.between(firstCreated, m.createdAt()));
                    m = new Mention(m.schemaVersion(), m.platform(), m.id(), m.url(), m.author(), m.text(), null,
                            shifted, now, m.engagement(), m.replyTo(), m.quoteOf(), m.repostOf(), List.of(), null);
                }
                mentions.add(m);
                offset = pos;
            }
        } catch (IOException e) {
            throw FetchException.retryable("io", "cannot read " + path + ": " + e.getMessage(), null, e);
        }
        boolean more = speed == 0 && mentions.size() + rejected.size() >= MAX_BATCH;
        return new Batch(mentions, rejected, String.valueOf(offset), more, null);
    }
}
