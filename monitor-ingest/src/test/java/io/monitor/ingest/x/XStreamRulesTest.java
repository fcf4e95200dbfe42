package io.monitor.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.ingest.x.XStreamRules.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class XStreamRulesTest {

    @Test
    void aRuleWhoseValueChangedIsReplaced_anUnchangedOneKept_foreignOnesUntouched() {
        List<Rule> current = List.of(new Rule("1", "\"Nordbahn\"", "monitor:nordbahn"),
                new Rule("2", "Tweepy", "monitor:q0"), new Rule("3", "cats", null));
        List<Rule> wanted = List.of(new Rule(null, "(\"Nordbahn\" OR #nordbahn)", "monitor:nordbahn"),
                new Rule(null, "Tweepy", "monitor:q0"));

        XStreamRules.Plan plan = XStreamRules.plan(current, wanted);

        assertThat(plan.delete()).containsExactly("1");
        assertThat(plan.add()).containsExactly(wanted.get(0));
    }

    @Test
    void theRulesAnswerWithoutDataMeansNoRules_withoutMetaItIsNotARulesAnswer() {
        assertThat(XStreamRules.parse("{\"meta\":{\"sent\":\"2022-10-07T22:45:00.000Z\",\"result_count\":0}}")).isEmpty();
        assertThatThrownBy(() -> XStreamRules.parse("{\"title\":\"oops\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateRulesAreNoProblem_invalidOnesAreNamed() {
        assertThat(XStreamRules.problems("{\"errors\":[{\"value\":\"Tweepy\",\"id\":\"9\",\"title\":\"DuplicateRule\"}]}"))
                .isEmpty();
        assertThat(XStreamRules.problems("{\"errors\":[{\"value\":\"(a\",\"title\":\"UnprocessableEntity\","
                + "\"details\":[\"Unmatched parenthesis\"]}]}")).singleElement().asString()
                .contains("'(a'").contains("Unmatched parenthesis");
    }
}
