package io.monitor.ingest.testing;

import io.monitor.ingest.CursorStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Cursors in a map, remembering every save in order. */
public final class InMemoryCursorStore implements CursorStore {
    public final Map<String, String> cursors = new ConcurrentHashMap<>();
    public final List<String> saves = new CopyOnWriteArrayList<>();

    @Override
    public Optional<String> load(String connectorId) {
        return Optional.ofNullable(cursors.get(connectorId));
    }

    @Override
    public void save(String connectorId, String cursor) {
        cursors.put(connectorId, cursor);
        saves.add(cursor);
    }
}
