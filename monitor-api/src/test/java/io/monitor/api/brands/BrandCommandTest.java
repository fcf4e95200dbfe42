package io.monitor.api.brands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.json.Json;
import io.monitor.core.model.BrandDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrandCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static ApiException rejected(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void aValidCreateBecomesTheDefinitionToWriteWithWhoAndWhen() throws Exception {
        BrandDefinition d = BrandCommand.create(json("{\"id\":\"nordbahn\",\"name\":\" Nordbahn \",\"query\":"
                + "\"(nordbahn OR #nordbahn) AND NOT \\\"bahnhof zoo\\\"\",\"hashtags\":[\"nordbahn\",\"NieWieder\",\"nordbahn\"]}"),
                "ops", NOW);
        assertThat(d.id()).isEqualTo("nordbahn");
        assertThat(d.name()).isEqualTo("Nordbahn");
        assertThat(d.hashtags()).containsExactly("nordbahn", "NieWieder");
        assertThat(d.deleted()).isFalse();
        assertThat(d.updatedBy()).isEqualTo("ops");
        assertThat(d.updatedAt()).isEqualTo(NOW);
        assertThat(d.schemaVersion()).isEqualTo(BrandDefinition.SCHEMA_VERSION);
    }

    @Test
    void aBrokenQueryIsABadQueryProblemWithPositionColumnAndWhatWasExpected() throws Exception {
        JsonNode body = json("{\"id\":\"acme\",\"query\":\"(acme OR #acme\"}");
        ApiException e = rejected(() -> BrandCommand.create(body, "ops", NOW));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("bad-query");
        assertThat(e.extensions()).containsEntry("field", "query").containsEntry("position", 14)
                .containsEntry("column", 15).containsEntry("expected", "')'");
        assertThat(e.getMessage()).startsWith("field 'query' column 15: expected ')'");
    }

    @Test
    void mixedAndOrWithoutParenthesesAndLowerCaseOperatorsAreRefusedAsTheTopologyWould() throws Exception {
        for (String q : List.of("a b OR c", "acme or bahn", "bahn* NEAR/x zug", "lang:deutsch", "a*")) {
            JsonNode body = Json.MAPPER.createObjectNode().put("id", "x").put("query", q);
            ApiException e = rejected(() -> BrandCommand.create(body, "ops", NOW));
            assertThat(e.type()).as(q).isEqualTo("bad-query");
        }
    }

    @Test
    void parenthesesNestedDeeperThanTheLimitAreRefusedBeforeTheRecursiveParserSeesThem() throws Exception {
        String deep = "(".repeat(3000) + "a" + ")".repeat(3000);
        JsonNode body = Json.MAPPER.createObjectNode().put("id", "x").put("query", deep.substring(0, 3999));
        ApiException e = rejected(() -> BrandCommand.create(body, "ops", NOW));
        assertThat(e.type()).isEqualTo("bad-query");
        assertThat(e.extensions()).containsEntry("position", BrandCommand.MAX_NESTING);
        // Parentheses inside a phrase are text, not nesting.
        BrandCommand.validateQuery("\"" + "(".repeat(100) + "x\"");
        BrandCommand.validateQuery("(".repeat(BrandCommand.MAX_NESTING) + "x" + ")".repeat(BrandCommand.MAX_NESTING));
    }

    @Test
    void idsNamesHashtagsAndUnknownFieldsAreCheckedAndNamed() throws Exception {
        String[][] cases = {
                {"{\"query\":\"a\"}", "id"},
                {"{\"id\":\"Acme\",\"query\":\"a\"}", "id"},
                {"{\"id\":\"-acme\",\"query\":\"a\"}", "id"},
                {"{\"id\":\"" + "a".repeat(64) + "\",\"query\":\"a\"}", "id"},
                {"{\"id\":\"acme\"}", "query"},
                {"{\"id\":\"acme\",\"query\":\"  \"}", "query"},
                {"{\"id\":\"acme\",\"query\":7}", "query"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"name\":\"" + "n".repeat(201) + "\"}", "name"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"name\":\"a\\u0000b\"}", "name"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"hashtags\":\"acme\"}", "hashtags"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"hashtags\":[\"#acme\"]}", "hashtags"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"hashtags\":[1]}", "hashtags"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"deleted\":true}", "deleted"},
                {"{\"id\":\"acme\",\"query\":\"a\",\"updatedBy\":\"mallory\"}", "updatedBy"},
        };
        for (String[] c : cases) {
            JsonNode body = json(c[0]);
            ApiException e = rejected(() -> BrandCommand.create(body, "ops", NOW));
            assertThat(e.status()).as(c[0]).isEqualTo(400);
            assertThat(e.extensions().get("field")).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(rejected(() -> BrandCommand.create(null, "ops", NOW)).status()).isEqualTo(400);
        assertThat(rejected(() -> BrandCommand.create(Json.MAPPER.createArrayNode(), "ops", NOW)).status()).isEqualTo(400);
    }

    @Test
    void aChangeKeepsThePathIdAndRefusesAnotherOne() throws Exception {
        BrandDefinition d = BrandCommand.change("acme", json("{\"query\":\"acme\"}"), "ops", NOW);
        assertThat(d.id()).isEqualTo("acme");
        assertThat(d.name()).isEqualTo("acme");
        assertThat(BrandCommand.change("acme", json("{\"id\":\"acme\",\"query\":\"acme\"}"), "ops", NOW).id())
                .isEqualTo("acme");
        JsonNode other = json("{\"id\":\"other\",\"query\":\"acme\"}");
        assertThatThrownBy(() -> BrandCommand.change("acme", other, "ops", NOW)).isInstanceOf(ApiException.class)
                .hasMessageContaining("cannot be changed");
    }
}
