package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodesTest {

    @Test
    void semanticEqualityTreatsZeroValuesAsAbsent() {
        assertThat(Nodes.semanticEquals(Json.obj("{'a':false,'b':'','c':0,'d':{},'e':[]}"), Json.obj("{}"))).isTrue();
        assertThat(Nodes.semanticEquals(Json.obj("{'a':{'b':[1,2]}}"), Json.obj("{'a':{'b':[1,2]},'x':null}"))).isTrue();
        assertThat(Nodes.semanticEquals(Json.obj("{'a':1}"), Json.obj("{'a':1.0}"))).isTrue();
        assertThat(Nodes.semanticEquals(Json.obj("{'s':{'x':false}}"), Json.obj("{}"))).isTrue();
        assertThat(Nodes.semanticEquals(Json.obj("{'a':true}"), Json.obj("{}"))).isFalse();
        assertThat(Nodes.semanticEquals(Json.obj("{'s':{'x':true}}"), Json.obj("{}"))).isFalse();
        assertThat(Nodes.semanticEquals(Json.obj("{'a':[1,2]}"), Json.obj("{'a':[2,1]}"))).isFalse();
        assertThat(Nodes.semanticEquals(Json.obj("{'a':'x'}"), Json.obj("{'a':'y'}"))).isFalse();
    }

    @Test
    void nullSafeReaders() {
        var o = Json.obj("{'a':{'b':'x','n':3,'t':true,'l':[1,2],'m':{'k':'v'}}}");
        assertThat(Nodes.text(o, "a", "b")).isEqualTo("x");
        assertThat(Nodes.text(o, "a", "n")).isEqualTo("3");
        assertThat(Nodes.text(o, "a", "zz", "b")).isNull();
        assertThat(Nodes.text(o, "a", "m")).isNull();
        assertThat(Nodes.longAt(o, -1, "a", "n")).isEqualTo(3);
        assertThat(Nodes.longAt(o, -1, "a", "b")).isEqualTo(-1);
        assertThat(Nodes.isTrue(o, "a", "t")).isTrue();
        assertThat(Nodes.list(o, "a", "l")).hasSize(2);
        assertThat(Nodes.stringMap(o, "a", "m")).containsEntry("k", "v");
        var e = Json.obj("{}");
        Nodes.ensure(e, "x", "y").put("z", 1);
        assertThat(e.toString()).isEqualTo("{\"x\":{\"y\":{\"z\":1}}}");
    }
}
