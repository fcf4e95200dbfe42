package io.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
    @Test
    void readsMetricNamesButNotFunctionsLabelsRangesGroupingOrNumbers() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, brand) (rate(a_seconds_bucket{job=\"x\", brand=~\"n.*\"}[5m]))) > 1e3"))
                .containsExactly("a_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(x_total[$__rate_interval])) / on (job) group_left sum(y) unless absent(z)"))
                .containsExactly("x_total", "y", "z");
        assertThat(PromQl.metricNames("up{job=~\"monitor-.*\"} == 0")).containsExactly("up");
        assertThat(PromQl.metricNames("max by (instance) (deriv(lag[10m])) > 0 and lag > 1000")).containsExactly("lag");
    }

    @Test
    void readsTheLabelsOfSelectorsAndGroupings() {
        String expr = "sum by (brand, le) (rate(a_total{outcome=~\"x|y\", status!=\"5..\"}[5m])) / on (job) b";
        assertThat(PromQl.matcherLabels(expr)).containsOnlyKeys("a_total");
        assertThat(PromQl.matcherLabels(expr).get("a_total")).containsExactly("outcome", "status");
        assertThat(PromQl.groupingLabels(expr)).containsExactly("brand", "le", "job");
    }
}
