package io.stevedore.runtime.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The locally built sandbox image: a loadable docker-save archive around a minimal static program. */
class PauseImageTest {

    private static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void theProgramIsAStaticX8664ElfThatLoopsOnPause() {
        byte[] elf = PauseImage.pauseElf();
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf).hasSize(129);
        assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat(b.getShort(16)).isEqualTo((short) 2);
        assertThat(b.getShort(18)).isEqualTo((short) 0x3e);
        assertThat(b.getLong(24)).isEqualTo(0x400000L + 120);
        // mov eax, 34 (pause); syscall; jmp back to the mov
        assertThat(java.util.Arrays.copyOfRange(elf, 120, 129)).containsExactly(0xb8, 34, 0, 0, 0, 0x0f, 0x05, 0xeb,
                0xf7);
    }

    @Test
    void theArchiveNamesTheImageAndItsLayerByDigest() throws Exception {
        Map<String, byte[]> files = untar(PauseImage.imageTar("stevedore/pause:1.0"));
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"RepoTags\":[\"stevedore/pause:1.0\"]").contains("\"layer/layer.tar\"");
        byte[] layer = files.get("layer/layer.tar");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        String configName = files.keySet().stream().filter(n -> n.endsWith(".json") && !n.equals("manifest.json"))
                .findFirst().orElseThrow();
        assertThat(new String(files.get(configName), StandardCharsets.UTF_8)).contains("sha256:" + digest)
                .contains("\"Entrypoint\":[\"/pause\"]");
        assertThat(untar(layer)).containsKey("pause");
    }

    @Test
    void theBridgeTakesTheFirstAddressOfThePodCidr() {
        assertThat(DockerRuntime.gateway("10.244.3.0/24")).isEqualTo("10.244.3.1");
    }
}
