/**
 * X (Twitter): one connector type {@code x} ({@link io.monitor.ingest.x.XConnectors}), polling the API v2 recent
 * search ({@link io.monitor.ingest.x.XRecentSearchConnector}, default) or reading the filtered stream
 * ({@link io.monitor.ingest.x.XFilteredStreamConnector}, {@code options.mode: stream}), both with a bearer token.
 *
 * <p>Why Twitter4J is used where it is, and not elsewhere:
 * <ul>
 *   <li>Twitter4J 4.1.2, the newest, speaks API v1.1 only; X shut down v1.1 search (2023-09) and streaming
 *       (2023-03), so no v1.1 path is left for a listening tool to use.</li>
 *   <li>Recent search goes through Twitter4J: {@code jp.takke.twitter4j-v2} 1.4.3 adds v2 to twitter4j-core, which
 *       it links against only in version 4.0.7 (hence that version, and kotlin-stdlib at run time). It does the
 *       request, app-only bearer auth, {@code since_id}/{@code next_token} paging, rate-limit headers and error
 *       statuses, and points at any base URL, so the tests run it against a local server replaying the recorded
 *       response. The posts are mapped from the raw JSON Twitter4J keeps ({@code setJSONStoreEnabled}) because its
 *       typed {@code Tweet} has no {@code public_metrics} (the engagement counts); the same mapping serves the
 *       stream.</li>
 *   <li>The filtered stream and its rules endpoints are in no Java client (twitter4j-v2 has neither), so they are
 *       read over plain HTTP with the JDK's client; the gap after a drop is filled by the Twitter4J search.</li>
 * </ul>
 */
package io.monitor.ingest.x;
