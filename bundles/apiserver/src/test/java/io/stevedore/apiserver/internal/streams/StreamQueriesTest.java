package io.stevedore.apiserver.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.streams.StreamQueries.ExecQuery;
import io.stevedore.apiserver.internal.streams.StreamQueries.LogQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamQueriesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    private static Map<String, List<String>> q(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void decodesLogOptions() {
        LogQuery l = StreamQueries.log("p", q("container", "c", "follow", "true", "previous", "1", "timestamps", "x",
                "tailLines", "10", "sinceSeconds", "60", "limitBytes", "500", "insecureSkipTLSVerifyBackend", "true"), CLOCK);
        assertThat(l.container()).isEqualTo("c");
        assertThat(l.previous()).isTrue();
        assertThat(l.options().follow()).isTrue();
        assertThat(l.options().timestamps()).isTrue(); // anything but 0 and false is true, as Kubernetes converts
        assertThat(l.options().tailLines()).isEqualTo(10L);
        assertThat(l.options().limitBytes()).isEqualTo(500L);
        assertThat(l.options().since()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
        LogQuery none = StreamQueries.log("p", q("follow", "false", "timestamps", "0", "sinceTime",
                "2025-01-02T03:04:05+01:00"), CLOCK);
        assertThat(none.container()).isNull();
        assertThat(none.options().follow()).isFalse();
        assertThat(none.options().timestamps()).isFalse();
        assertThat(none.options().since()).isEqualTo(Instant.parse("2025-01-02T02:04:05Z"));
        assertThat(none.options().tailLines()).isNull();
    }

    @Test
    void validatesAsValidatePodLogOptions() {
        ApiException both = invalid(q("sinceSeconds", "10", "sinceTime", "2025-01-01T00:00:00Z"));
        assertThat(both.code()).isEqualTo(422);
        assertThat(both.getMessage()).isEqualTo("PodLogOptions \"p\" is invalid: : Forbidden: at most one of "
                + "`sinceTime` or `sinceSeconds` may be specified");
        assertThat(both.details().kind()).isEqualTo("PodLogOptions");
        assertThat(both.details().causes()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("FieldValueForbidden");
            assertThat(c.field()).isEmpty();
        });
        assertThat(invalid(q("sinceSeconds", "0")).getMessage()).isEqualTo(
                "PodLogOptions \"p\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0");
        assertThat(invalid(q("tailLines", "-1", "limitBytes", "0")).getMessage()).isEqualTo(
                "PodLogOptions \"p\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, "
                        + "limitBytes: Invalid value: 0: must be greater than 0]");
        assertThat(StreamQueries.log("p", q("tailLines", "0"), CLOCK).options().tailLines()).isZero();
    }

    @Test
    void valuesThatDoNotParseAreBadRequests() {
        assertThatThrownBy(() -> StreamQueries.log("p", q("tailLines", "ten"), CLOCK))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("strconv.ParseInt: parsing \"ten\": invalid syntax");
        assertThatThrownBy(() -> StreamQueries.log("p", q("sinceTime", "yesterday"), CLOCK))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageStartingWith("parsing time \"yesterday\"");
    }

    private static ApiException invalid(Map<String, List<String>> q) {
        try {
            StreamQueries.log("p", q, CLOCK);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected Invalid for " + q);
    }

    @Test
    void execDefaultsOutputOnAndTerminalsHaveNoStderr() {
        ExecQuery e = StreamQueries.exec(q("command", "sh", "command", "-c", "command", "echo hi", "container", "c"),
                false);
        assertThat(e.command()).containsExactly("sh", "-c", "echo hi");
        assertThat(e.stdout()).isTrue();
        assertThat(e.stderr()).isTrue();
        assertThat(e.stdin()).isFalse();
        ExecQuery t = StreamQueries.exec(q("command", "sh", "stdin", "true", "tty", "true"), false);
        assertThat(t.tty()).isTrue();
        assertThat(t.stderr()).isFalse();
        assertThat(StreamQueries.exec(q("command", "x"), true).command()).isEmpty();
        assertThatThrownBy(() -> StreamQueries.exec(q("stdout", "false", "stderr", "0"), false))
                .hasMessage("you must specify at least 1 of stdin, stdout, stderr");
    }
}
