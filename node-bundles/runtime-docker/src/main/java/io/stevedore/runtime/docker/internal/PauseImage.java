package io.stevedore.runtime.docker.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The sandbox ("pause") image, built locally because no registry is reachable: a root file system
 * holding one program, {@code /pause}, that sleeps until it is killed. On x86-64 the program is a
 * 129-byte static ELF executable written here (a {@code pause(2)} system call in a loop); elsewhere
 * the host's static busybox ({@code busybox-static}) is copied in and run as {@code sleep}.
 */
final class PauseImage {

    private PauseImage() {
    }

    /** The command the sandbox runs. */
    static String[] entrypoint(boolean elf) {
        return elf ? new String[] {"/pause"} : new String[] {"/pause", "sleep", "2147483647"};
    }

    static boolean nativeElf() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /**
     * The image as {@code docker save} writes it ({@code docker load} takes it): one layer (the root
     * file system), its config with the entrypoint, and a manifest naming the image. (docker-java's
     * import command posts its body as JSON, which the engine rejects, so the image is loaded instead.)
     */
    static byte[] imageTar(String name) throws IOException {
        byte[] layer = rootfsTar();
        String diffId = "sha256:" + sha256(layer);
        String arch = nativeElf() ? "amd64" : System.getProperty("os.arch");
        String entry = String.join("\",\"", entrypoint(nativeElf()));
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\""
                + entry + "\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created_by\":\"Stevedore kubelet (sandbox image built locally)\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String configName = sha256(config) + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + name + "\"],"
                + "\"Layers\":[\"layer/layer.tar\"]}]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, "layer/layer.tar", layer);
            add(tar, configName, config);
            add(tar, "manifest.json", manifest);
            tar.finish();
        }
        return out.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0644);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tar archive of the root file system (the image's one layer). */
    static byte[] rootfsTar() throws IOException {
        byte[] program;
        if (nativeElf()) {
            program = pauseElf();
        } else {
            Path busybox = Path.of("/bin/busybox");
            if (!Files.isRegularFile(busybox)) {
                throw new IOException("cannot build the sandbox image on " + System.getProperty("os.arch")
                        + ": install busybox-static (a static /bin/busybox) or load an image with the configured name");
            }
            program = Files.readAllBytes(busybox);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTarEntry(out, "pause", program, 0755);
        return out.toByteArray();
    }

    /** ELF64 header, one PT_LOAD program header, then: mov eax, 34 (pause); syscall; jmp back. */
    static byte[] pauseElf() {
        long base = 0x400000L;
        byte[] code = {(byte) 0xb8, 34, 0, 0, 0, 0x0f, 0x05, (byte) 0xeb, (byte) 0xf7};
        int headers = 64 + 56;
        ByteBuffer b = ByteBuffer.allocate(headers + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2);          // ET_EXEC
        b.putShort((short) 0x3e);       // x86-64
        b.putInt(1);                    // version
        b.putLong(base + headers);      // entry
        b.putLong(64);                  // program headers offset
        b.putLong(0);                   // section headers offset
        b.putInt(0);                    // flags
        b.putShort((short) 64);         // header size
        b.putShort((short) 56);         // program header size
        b.putShort((short) 1);          // program headers
        b.putShort((short) 0);          // section header size
        b.putShort((short) 0);          // section headers
        b.putShort((short) 0);          // section name index
        b.putInt(1);                    // PT_LOAD
        b.putInt(5);                    // R + X
        b.putLong(0);                   // offset
        b.putLong(base);                // vaddr
        b.putLong(base);                // paddr
        b.putLong(headers + code.length);
        b.putLong(headers + code.length);
        b.putLong(0x1000);
        b.put(code);
        return b.array();
    }

    private static void writeTarEntry(ByteArrayOutputStream out, String name, byte[] data, int mode)
            throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(mode);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
            tar.finish();
        }
    }
}
