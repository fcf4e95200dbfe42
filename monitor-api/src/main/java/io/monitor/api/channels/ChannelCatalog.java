package io.monitor.api.channels;

import io.monitor.core.config.ChannelSettings;
import io.monitor.core.model.ChannelDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The effective notification channels: the channels of the config file ({@code notifications}) overlaid by the
 * run-time changes on {@code Topics.CHANNELS}. A {@link ChannelDefinition} replaces the channel of its id (or adds
 * one); one with {@code deleted = true} removes it, also a config channel; a tombstone (null value) drops the overlay,
 * so the config channel of that id, if any, is back.
 *
 * <p>As in {@link io.monitor.api.brands.BrandCatalog}, every change carries the offset of its record and a change not
 * newer than the one applied for the same id is ignored, so the feed reading back this server's own write changes
 * nothing. Thread-safe.
 */
public final class ChannelCatalog {
    public static final String CONFIG = "config";
    public static final String API = "api";

    /**
     * A channel as the API shows it and the notifier runs it.
     *
     * @param source    {@link #CONFIG} or {@link #API}
     * @param updatedBy who changed it last through the API (null for config channels)
     */
    public record Entry(ChannelSettings settings, String source, String updatedBy, Instant updatedAt) {
        public String id() {
            return settings.id();
        }
    }

    private record Overlay(ChannelDefinition definition, long offset) {
    }

    private final Map<String, ChannelSettings> config = new LinkedHashMap<>();
    private final Map<String, Overlay> overlay = new HashMap<>();
    private final List<Runnable> onChanged = new CopyOnWriteArrayList<>();

    public ChannelCatalog(List<ChannelSettings> configChannels) {
        for (ChannelSettings c : configChannels) {
            config.put(c.id(), c);
        }
    }

    /**
     * Calls {@code listener} after every applied change, while the catalog is locked: readers see a change only once
     * the listeners followed it (the notifier routes by it before the API shows it), and listeners see changes in
     * order. A listener reads the current set ({@link #effective()}), may take a moment (a sender is restarted) and
     * must not wait for another thread that reads this catalog.
     */
    public void onChanged(Runnable listener) {
        onChanged.add(listener);
    }

    /** Applies a change read from (or acknowledged by) the topic at {@code offset}; false when it is not newer. */
    public synchronized boolean apply(ChannelDefinition definition, long offset) {
        return put(definition.id(), new Overlay(definition, offset));
    }

    /** A tombstone for {@code id} at {@code offset}: the run-time change is gone, the config channel (if any) counts. */
    public synchronized boolean revert(String id, long offset) {
        return put(id, new Overlay(null, offset));
    }

    private synchronized boolean put(String id, Overlay o) {
        Overlay had = overlay.get(id);
        if (had != null && had.offset() >= o.offset()) {
            return false;
        }
        overlay.put(id, o);
        onChanged.forEach(Runnable::run);
        return true;
    }

    public synchronized Optional<Entry> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Overlay o = overlay.get(id);
        if (o != null && o.definition() != null) {
            ChannelDefinition d = o.definition();
            return d.deleted() || d.channel() == null ? Optional.empty()
                    : Optional.of(new Entry(d.channel(), API, d.updatedBy(), d.updatedAt()));
        }
        ChannelSettings c = config.get(id);
        return c == null ? Optional.empty() : Optional.of(new Entry(c, CONFIG, null, null));
    }

    public boolean contains(String id) {
        return get(id).isPresent();
    }

    /** The effective channels: config channels in config order, then channels created at run time by id. */
    public synchronized List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (String id : config.keySet()) {
            get(id).ifPresent(out::add);
        }
        for (String id : new TreeMap<>(overlay).keySet()) {
            if (!config.containsKey(id)) {
                get(id).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The settings of the effective channels, in {@link #list()} order. */
    public List<ChannelSettings> effective() {
        return list().stream().map(Entry::settings).toList();
    }
}
