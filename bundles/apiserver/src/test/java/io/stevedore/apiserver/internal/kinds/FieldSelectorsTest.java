package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FieldSelectorsTest {

    private static final Map<String, String> FIELDS = Map.of("metadata.name", "web", "status.phase", "Running");

    @Test
    void equalsDoubleEqualsAndNotEquals() {
        assertThat(FieldSelectors.parse("metadata.name=web").matches(FIELDS)).isTrue();
        assertThat(FieldSelectors.parse("metadata.name==web").matches(FIELDS)).isTrue();
        assertThat(FieldSelectors.parse("status.phase!=Running").matches(FIELDS)).isFalse();
        assertThat(FieldSelectors.parse("metadata.name=web,status.phase!=Pending").matches(FIELDS)).isTrue();
        assertThat(FieldSelectors.parse("metadata.name=db").matches(FIELDS)).isFalse();
    }

    @Test
    void emptyValuesAndEscapes() {
        assertThat(FieldSelectors.parse("spec.nodeName=").matches(Map.of("spec.nodeName", ""))).isTrue();
        FieldSelectors.Selector s = FieldSelectors.parse("metadata.name=a\\,b");
        assertThat(s.terms()).singleElement().extracting(FieldSelectors.Term::value).isEqualTo("a,b");
        assertThat(s.requiredValue("metadata.name")).isEqualTo("a,b");
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> FieldSelectors.parse("metadata.name"))
                .hasMessage("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
        assertThatThrownBy(() -> FieldSelectors.parse("spec.foo=x").requireSupported(Set.of("metadata.name")))
                .hasMessage("field label not supported: spec.foo");
        assertThat(FieldSelectors.parse("").isEmpty()).isTrue();
    }
}
