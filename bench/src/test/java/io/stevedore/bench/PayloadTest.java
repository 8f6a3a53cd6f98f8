package io.stevedore.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    @Test
    void stampRoundTripsThroughValueAndString() {
        for (long stamp : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 123_456_789_012L}) {
            byte[] value = Payload.bytes(stamp, WriteTarget.OBJECT_BYTES);
            assertThat(value).hasSize(1024);
            assertThat(Payload.readStamp(value)).isEqualTo(stamp);
            assertThat(Payload.readStamp(Payload.stamp(stamp))).isEqualTo(stamp);
        }
    }

    @Test
    void httpBodyCarriesStampAndResourceVersion() throws Exception {
        String body = new String(HttpApiTarget.body("ns", "cm-1", 42, 7), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("\"name\":\"cm-1\"").contains("\"t\":\"" + Payload.stamp(42) + "\"");
        assertThat(HttpApiTarget.resourceVersion(body)).isEqualTo(7);
        assertThat(HttpApiTarget.resourceVersion("{\"metadata\": {\"resourceVersion\" : \"15\"}}")).isEqualTo(15);
    }
}
