package io.stevedore.runtime.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTripsWhatTheStateFilesHold() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        m.put("count", 42L);
        m.put("negative", -7L);
        m.put("flag", true);
        m.put("nothing", null);
        m.put("list", List.of("a", "b"));
        m.put("nested", Map.of("k", "v"));

        String json = Json.write(m);
        assertThat(Json.parse(json)).isEqualTo(m);
        assertThat(json).startsWith("{\"name\":").contains("\\u0007");
    }

    @Test
    void parsesWhitespaceAndEmptyContainers() {
        assertThat(Json.parse(" { \"a\" : [ ] , \"b\" : { } , \"c\" : [ 1 , 2 ] } "))
                .isEqualTo(Map.of("a", List.of(), "b", Map.of(), "c", Arrays.asList(1L, 2L)));
    }

    @Test
    void rejectsBrokenText() {
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("\"open")).isInstanceOf(IllegalArgumentException.class);
    }
}
