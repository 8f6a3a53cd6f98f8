package io.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void dns1123LabelMessages() {
        assertThat(Names.dns1123Label("my-name")).isEmpty();
        assertThat(Names.dns1123Label("My_Name")).containsExactly("a lowercase RFC 1123 label must consist of lower case "
                + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',"
                + "  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(Names.dns1123Label("a".repeat(64))).containsExactly("must be no more than 63 characters");
    }

    @Test
    void dns1123SubdomainMessages() {
        assertThat(Names.dns1123Subdomain("a.b-c.d")).isEmpty();
        assertThat(Names.dns1123Subdomain("Foo")).containsExactly("a lowercase RFC 1123 subdomain must consist of lower "
                + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(Names.dns1123Subdomain("a".repeat(254))).contains("must be no more than 253 characters");
    }

    @Test
    void dns1035LabelRejectsLeadingDigit() {
        assertThat(Names.dns1035Label("web")).isEmpty();
        assertThat(Names.dns1035Label("1web")).containsExactly("a DNS-1035 label must consist of lower case "
                + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric "
                + "character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }

    @Test
    void generateNameMayEndWithDash() {
        assertThat(Names.Rule.DNS1123_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(Names.Rule.DNS1123_SUBDOMAIN.check("web-", false)).hasSize(1);
    }

    @Test
    void qualifiedNames() {
        assertThat(Names.qualifiedName("app.kubernetes.io/name")).isEmpty();
        assertThat(Names.qualifiedName("/x")).containsExactly("prefix part must be non-empty");
        assertThat(Names.qualifiedName("a/b/c")).singleElement().asString().startsWith("a qualified name must consist");
        assertThat(Names.qualifiedName("-x")).singleElement().asString().startsWith("name part must consist of");
    }

    @Test
    void portNamesAndNumbers() {
        assertThat(Names.portName("http")).isEmpty();
        assertThat(Names.portName("HTTP")).containsExactly(
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)");
        assertThat(Names.portName("a--b")).containsExactly("must not contain consecutive hyphens");
        assertThat(Names.portName("very-long-port-name")).containsExactly("must be no more than 15 characters");
        assertThat(Names.portNumber(0)).containsExactly("must be between 1 and 65535, inclusive");
        assertThat(Names.portNumber(65535)).isEmpty();
    }

    @Test
    void configMapKeys() {
        assertThat(Names.configMapKey("app.properties")).isEmpty();
        assertThat(Names.configMapKey("a b")).singleElement().asString()
                .startsWith("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name'");
        assertThat(Names.configMapKey("..x")).containsExactly("must not start with '..'");
    }

    @Test
    void ipAddresses() {
        assertThat(Names.isIp("10.0.0.1")).isTrue();
        assertThat(Names.isIp("2001:db8::1")).isTrue();
        assertThat(Names.isIp("10.0.0.256")).isFalse();
        assertThat(Names.isIp("01.2.3.4")).isTrue();
        assertThat(Names.isIp("1.2.3")).isFalse();
        assertThat(Names.isIp("foo")).isFalse();
    }
}
