package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.stevedore.api.client.LabelSelectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    @Test
    void formatsStructuredSelectorsThatTheMatcherReadsBack() {
        LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("env").withOperator("In").withValues("prod", "staging").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
                .addNewMatchExpression().withKey("tier").withOperator("Exists").endMatchExpression()
                .addNewMatchExpression().withKey("zone").withOperator("NotIn").withValues("z9").endMatchExpression()
                .build();
        String s = LabelSelectors.format(selector);
        assertThat(s).isEqualTo("app=web,env in (prod,staging),!canary,tier,zone notin (z9)");
        io.stevedore.api.LabelSelectors.Selector m = io.stevedore.api.LabelSelectors.parse(s);
        assertThat(m.matches(Map.of("app", "web", "env", "prod", "tier", "x"))).isTrue();
        assertThat(m.matches(Map.of("app", "web", "env", "prod", "tier", "x", "canary", "1"))).isFalse();
        assertThat(m.matches(Map.of("app", "web", "env", "dev", "tier", "x"))).isFalse();
        assertThat(LabelSelectors.format(new LabelSelector())).isEmpty();
        assertThatThrownBy(() -> LabelSelectors.format(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
