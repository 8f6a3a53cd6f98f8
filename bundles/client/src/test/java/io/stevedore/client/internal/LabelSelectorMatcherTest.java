package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorMatcherTest {

    private static boolean matches(String selector, Map<String, String> labels) {
        return io.stevedore.api.LabelSelectors.parse(selector).matches(labels);
    }

    @Test
    void equalityAndExistence() {
        Map<String, String> l = Map.of("app", "web", "tier", "front");
        assertThat(matches(null, l)).isTrue();
        assertThat(matches("", Map.of())).isTrue();
        assertThat(matches("app=web", l)).isTrue();
        assertThat(matches("app==web,tier=front", l)).isTrue();
        assertThat(matches("app=db", l)).isFalse();
        assertThat(matches("app!=db", l)).isTrue();
        assertThat(matches("missing!=x", l)).isTrue();
        assertThat(matches("tier", l)).isTrue();
        assertThat(matches("!tier", l)).isFalse();
        assertThat(matches("!missing", l)).isTrue();
        assertThat(matches("app=web", null)).isFalse();
    }

    @Test
    void setsAndNumbers() {
        Map<String, String> l = Map.of("env", "prod", "example.com/gen", "3");
        assertThat(matches("env in (prod, staging)", l)).isTrue();
        assertThat(matches("env notin (prod)", l)).isFalse();
        assertThat(matches("missing notin (prod)", l)).isTrue();
        assertThat(matches("missing in (prod)", l)).isFalse();
        assertThat(matches("env in (dev,prod),example.com/gen>2", l)).isTrue();
        assertThat(matches("example.com/gen<3", l)).isFalse();
    }

    @Test
    void rejectsMalformedSelectors() {
        assertThatThrownBy(() -> io.stevedore.api.LabelSelectors.parse("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.stevedore.api.LabelSelectors.parse("=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.stevedore.api.LabelSelectors.parse("n>x")).isInstanceOf(IllegalArgumentException.class);
    }
}
