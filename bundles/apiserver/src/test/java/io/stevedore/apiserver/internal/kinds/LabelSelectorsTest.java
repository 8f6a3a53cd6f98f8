package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.LabelSelectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    private static final Map<String, String> LABELS = Map.of("a", "b", "e", "x", "g", "1", "n", "5");

    @Test
    void parsesEveryOperatorAndMatches() {
        LabelSelectors.Selector s = LabelSelectors.parse("a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3");
        assertThat(s.requirements()).hasSize(7);
        assertThat(s.matches(LABELS)).isTrue();
        assertThat(s.matches(Map.of("a", "b", "e", "x", "g", "1", "n", "5", "h", "1"))).isFalse();
        assertThat(s.matches(Map.of("a", "c", "e", "x", "g", "1", "n", "5"))).isFalse();
        assertThat(s.matches(Map.of("a", "b", "e", "x", "g", "1", "n", "2"))).isFalse();
    }

    @Test
    void doubleEqualsAndWhitespace() {
        LabelSelectors.Selector s = LabelSelectors.parse(" a == b , e in(y, x) ");
        assertThat(s.matches(LABELS)).isTrue();
        assertThat(s).hasToString("a==b,e in (x,y)");
    }

    @Test
    void emptyMatchesEverything() {
        assertThat(LabelSelectors.parse("").matches(Map.of())).isTrue();
        assertThat(LabelSelectors.parse(null).isEmpty()).isTrue();
    }

    @Test
    void errorsUseKubernetesTexts() {
        assertThatThrownBy(() -> LabelSelectors.parse("a b"))
                .hasMessage("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
        assertThatThrownBy(() -> LabelSelectors.parse("a in x"))
                .hasMessage("unable to parse requirement: found 'x' expected: '('");
        assertThatThrownBy(() -> LabelSelectors.parse("a=b,"))
                .hasMessage("found '', expected: identifier after ','");
        assertThatThrownBy(() -> LabelSelectors.parse("a=b c"))
                .hasMessage("found 'c', expected: ',' or 'end of string'");
        assertThatThrownBy(() -> LabelSelectors.parse("a=b c d"))
                .hasMessageStartingWith("found 'c'");
        assertThatThrownBy(() -> LabelSelectors.parse("a=b!c"))
                .hasMessage("found '!', expected: ',' or 'end of string'");
        assertThatThrownBy(() -> LabelSelectors.parse("-a=b"))
                .hasMessageStartingWith("unable to parse requirement: key: Invalid value: \"-a\": name part must consist of");
        assertThatThrownBy(() -> LabelSelectors.parse("a=b c!"))
                .hasMessageStartingWith("found 'c'");
        assertThatThrownBy(() -> LabelSelectors.parse("a=-b"))
                .hasMessageStartingWith("unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be");
        assertThatThrownBy(() -> LabelSelectors.parse("n>x"))
                .hasMessageContaining("for 'Gt', 'Lt' operators, the value must be an integer");
        assertThatThrownBy(() -> LabelSelectors.parse(","))
                .hasMessage("found ',', expected: !, identifier, or 'end of string'");
    }

    @Test
    void formatsLabelSelectorObjects() {
        var sel = Json.obj("{'matchLabels':{'b':'2','a':'1'},'matchExpressions':[{'key':'c','operator':'In','values':['y','x']},"
                + "{'key':'d','operator':'DoesNotExist'}]}");
        assertThat(LabelSelectorObjects.format(sel)).isEqualTo("a=1,b=2,c in (x,y),!d");
        assertThat(LabelSelectorObjects.format(Json.obj("{}"))).isEqualTo("<none>");
        assertThat(LabelSelectorObjects.format(Json.obj("{'matchExpressions':[{'key':'a','operator':'Bad'}]}"))).isEqualTo("<error>");
        assertThat(LabelSelectorObjects.formatLabels(Map.of("z", "1", "a", "2"))).isEqualTo("a=2,z=1");
        assertThat(LabelSelectorObjects.formatLabels(Map.of())).isEqualTo("<none>");
    }

    @Test
    void validatesLabelSelectorObjects() {
        var sel = Json.obj("{'matchLabels':{'a':'-x'},'matchExpressions':[{'key':'c','operator':'In'},"
                + "{'key':'d','operator':'Exists','values':['v']},{'key':'e','operator':'Near'}]}");
        assertThat(Json.rendered(LabelSelectorObjects.validate(sel, "spec.selector"))).containsExactly(
                "spec.selector.matchLabels: Invalid value: \"-x\": a valid label must be an empty string or consist of "
                        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                        + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator");
    }
}
