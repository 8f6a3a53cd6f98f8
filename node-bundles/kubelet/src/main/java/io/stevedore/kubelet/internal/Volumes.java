package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.stevedore.api.runtime.ContainerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A pod's volumes on the node, under {@code pods/UID/volumes/PLUGIN/NAME} as the kubelet lays them
 * out: emptyDir (disk, or memory: a directory under /dev/shm, which is tmpfs), hostPath with its type
 * checks, configMap, secret (always in memory), downwardAPI and projected (with service account
 * tokens) written atomically as the kubelet's atomic writer does (files are links into a
 * {@code ..data} link to a timestamped directory that is swapped in one rename), and
 * persistentVolumeClaim bound to a hostPath or local PersistentVolume.
 */
final class Volumes {

    /** Asks for a service account token: (namespace, serviceAccount, audience, expirationSeconds, pod) -> token. */
    interface TokenSource {
        String token(String namespace, String serviceAccount, String audience, long expirationSeconds, Pod pod)
                throws ConfigError;
    }

    private final Path root;
    private final Path memoryRoot;
    private final BiFunction<String, String, Optional<ConfigMap>> configMaps;
    private final BiFunction<String, String, Optional<Secret>> secrets;
    private final BiFunction<String, String, Optional<PersistentVolumeClaim>> claims;
    private final Function<String, Optional<PersistentVolume>> volumes;
    private final TokenSource tokens;

    Volumes(Path root, Path memoryRoot, BiFunction<String, String, Optional<ConfigMap>> configMaps,
            BiFunction<String, String, Optional<Secret>> secrets,
            BiFunction<String, String, Optional<PersistentVolumeClaim>> claims,
            Function<String, Optional<PersistentVolume>> volumes, TokenSource tokens) {
        this.root = root;
        this.memoryRoot = memoryRoot;
        this.configMaps = configMaps;
        this.secrets = secrets;
        this.claims = claims;
        this.volumes = volumes;
        this.tokens = tokens;
    }

    /** Sets up (or refreshes) every volume of the pod; returns volume name -> host path. */
    Map<String, Path> setUp(Pod pod) throws ConfigError {
        Map<String, Path> out = new LinkedHashMap<>();
        if (pod.getSpec().getVolumes() == null) {
            return out;
        }
        String uid = pod.getMetadata().getUid();
        String ns = pod.getMetadata().getNamespace();
        for (Volume v : pod.getSpec().getVolumes()) {
            try {
                out.put(v.getName(), setUp(pod, uid, ns, v));
            } catch (IOException e) {
                throw new ConfigError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
            }
        }
        return out;
    }

    private Path setUp(Pod pod, String uid, String ns, Volume v) throws IOException, ConfigError {
        if (v.getEmptyDir() != null) {
            boolean memory = "Memory".equals(v.getEmptyDir().getMedium());
            Path dir = (memory ? memoryRoot.resolve(uid) : root.resolve(uid).resolve("volumes"))
                    .resolve("kubernetes.io~empty-dir").resolve(v.getName());
            Files.createDirectories(dir);
            setMode(dir, 0777);
            return dir;
        }
        if (v.getHostPath() != null) {
            return hostPath(v.getHostPath().getPath(), v.getHostPath().getType());
        }
        if (v.getConfigMap() != null) {
            var src = v.getConfigMap();
            Optional<ConfigMap> cm = configMaps.apply(ns, src.getName());
            if (cm.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                throw new ConfigError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : configmap \""
                        + src.getName() + "\" not found");
            }
            Map<String, byte[]> data = cm.map(Volumes::configMapData).orElse(Map.of());
            Map<String, FileContent> files = project(data, src.getItems(), mode(src.getDefaultMode()),
                    Boolean.TRUE.equals(src.getOptional()), "configmap", src.getName(), v.getName());
            return write(root.resolve(uid).resolve("volumes").resolve("kubernetes.io~configmap").resolve(v.getName()),
                    files);
        }
        if (v.getSecret() != null) {
            var src = v.getSecret();
            Optional<Secret> s = secrets.apply(ns, src.getSecretName());
            if (s.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                throw new ConfigError("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : secret \""
                        + src.getSecretName() + "\" not found");
            }
            Map<String, byte[]> data = s.map(Volumes::secretData).orElse(Map.of());
            Map<String, FileContent> files = project(data, src.getItems(), mode(src.getDefaultMode()),
                    Boolean.TRUE.equals(src.getOptional()), "secret", src.getSecretName(), v.getName());
            return write(memoryRoot.resolve(uid).resolve("kubernetes.io~secret").resolve(v.getName()), files);
        }
        if (v.getDownwardAPI() != null) {
            Map<String, FileContent> files = new LinkedHashMap<>();
            downward(pod, v.getDownwardAPI().getItems(), mode(v.getDownwardAPI().getDefaultMode()), files);
            return write(root.resolve(uid).resolve("volumes").resolve("kubernetes.io~downward-api").resolve(v.getName()),
                    files);
        }
        if (v.getProjected() != null) {
            Map<String, FileContent> files = new LinkedHashMap<>();
            int defaultMode = mode(v.getProjected().getDefaultMode());
            if (v.getProjected().getSources() != null) {
                for (VolumeProjection p : v.getProjected().getSources()) {
                    projected(pod, ns, v.getName(), p, defaultMode, files);
                }
            }
            return write(memoryRoot.resolve(uid).resolve("kubernetes.io~projected").resolve(v.getName()), files);
        }
        if (v.getPersistentVolumeClaim() != null) {
            String claim = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim pvc = claims.apply(ns, claim).orElseThrow(() -> new ConfigError(
                    "persistentvolumeclaim \"" + claim + "\" not found"));
            String pvName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            if (pvName == null || pvName.isEmpty()) {
                throw new ConfigError("persistentvolumeclaim \"" + claim + "\" is not bound");
            }
            PersistentVolume pv = volumes.apply(pvName).orElseThrow(() -> new ConfigError(
                    "persistentvolume \"" + pvName + "\" not found"));
            if (pv.getSpec().getHostPath() != null) {
                return hostPath(pv.getSpec().getHostPath().getPath(), "DirectoryOrCreate");
            }
            if (pv.getSpec().getLocal() != null) {
                return hostPath(pv.getSpec().getLocal().getPath(), "Directory");
            }
            throw new ConfigError("persistentvolume \"" + pvName + "\" has no volume source this node can mount "
                    + "(hostPath or local)");
        }
        throw new ConfigError("volume \"" + v.getName() + "\": this node supports emptyDir, hostPath, configMap, "
                + "secret, downwardAPI, projected and persistentVolumeClaim volumes");
    }

    private static Path hostPath(String path, String type) throws IOException, ConfigError {
        Path p = Path.of(path);
        String t = type == null ? "" : type;
        switch (t) {
            case "DirectoryOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p);
                    setMode(p, 0755);
                }
                if (!Files.isDirectory(p)) {
                    throw new ConfigError("hostPath type check failed: " + path + " is not a directory");
                }
            }
            case "Directory" -> {
                if (!Files.isDirectory(p)) {
                    throw new ConfigError("hostPath type check failed: " + path + " is not a directory");
                }
            }
            case "FileOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p.toAbsolutePath().getParent());
                    Files.createFile(p);
                    setMode(p, 0644);
                }
                if (!Files.isRegularFile(p)) {
                    throw new ConfigError("hostPath type check failed: " + path + " is not a file");
                }
            }
            case "File" -> {
                if (!Files.isRegularFile(p)) {
                    throw new ConfigError("hostPath type check failed: " + path + " is not a file");
                }
            }
            case "Socket", "CharDevice", "BlockDevice" -> {
                if (!Files.exists(p) || Files.isDirectory(p) || Files.isRegularFile(p)) {
                    throw new ConfigError("hostPath type check failed: " + path + " is not a "
                            + t.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase());
                }
            }
            default -> {
                // "" : no checks
            }
        }
        return p;
    }

    private void projected(Pod pod, String ns, String volume, VolumeProjection p, int defaultMode,
                           Map<String, FileContent> files) throws ConfigError {
        if (p.getConfigMap() != null) {
            var src = p.getConfigMap();
            Optional<ConfigMap> cm = configMaps.apply(ns, src.getName());
            if (cm.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                throw new ConfigError("configmap \"" + src.getName() + "\" not found");
            }
            files.putAll(project(cm.map(Volumes::configMapData).orElse(Map.of()), src.getItems(), defaultMode,
                    Boolean.TRUE.equals(src.getOptional()), "configmap", src.getName(), volume));
        }
        if (p.getSecret() != null) {
            var src = p.getSecret();
            Optional<Secret> s = secrets.apply(ns, src.getName());
            if (s.isEmpty() && !Boolean.TRUE.equals(src.getOptional())) {
                throw new ConfigError("secret \"" + src.getName() + "\" not found");
            }
            files.putAll(project(s.map(Volumes::secretData).orElse(Map.of()), src.getItems(), defaultMode,
                    Boolean.TRUE.equals(src.getOptional()), "secret", src.getName(), volume));
        }
        if (p.getDownwardAPI() != null) {
            downward(pod, p.getDownwardAPI().getItems(), defaultMode, files);
        }
        if (p.getServiceAccountToken() != null) {
            var t = p.getServiceAccountToken();
            long exp = t.getExpirationSeconds() == null ? 3600 : t.getExpirationSeconds();
            String sa = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            String token = tokens.token(ns, sa, t.getAudience(), exp, pod);
            files.put(t.getPath(), new FileContent(token.getBytes(StandardCharsets.UTF_8), defaultMode == 0644 ? 0600
                    : defaultMode));
        }
    }

    private static void downward(Pod pod, List<DownwardAPIVolumeFile> items, int defaultMode,
                                 Map<String, FileContent> files) {
        if (items == null) {
            return;
        }
        String podIp = pod.getStatus() == null ? "" : nz(pod.getStatus().getPodIP());
        String hostIp = pod.getStatus() == null ? "" : nz(pod.getStatus().getHostIP());
        for (DownwardAPIVolumeFile f : items) {
            String value = "";
            if (f.getFieldRef() != null) {
                value = Env.field(pod, f.getFieldRef(), podIp, hostIp);
            } else if (f.getResourceFieldRef() != null) {
                Container c = pod.getSpec().getContainers().get(0);
                value = Env.resource(pod, c, f.getResourceFieldRef());
            }
            files.put(f.getPath(), new FileContent(value.getBytes(StandardCharsets.UTF_8),
                    f.getMode() == null ? defaultMode : f.getMode()));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    record FileContent(byte[] data, int mode) {
    }

    private static Map<String, FileContent> project(Map<String, byte[]> data, List<KeyToPath> items, int defaultMode,
                                                    boolean optional, String kind, String name, String volume)
            throws ConfigError {
        Map<String, FileContent> out = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> out.put(k, new FileContent(v, defaultMode)));
            return out;
        }
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (optional) {
                    continue;
                }
                throw new ConfigError("MountVolume.SetUp failed for volume \"" + volume + "\" : configmap references "
                        .replace("configmap", kind) + "non-existent config key: " + item.getKey());
            }
            out.put(item.getPath(), new FileContent(v, item.getMode() == null ? defaultMode : item.getMode()));
        }
        return out;
    }

    static Map<String, byte[]> configMapData(ConfigMap cm) {
        Map<String, byte[]> out = new HashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
        }
        return out;
    }

    static Map<String, byte[]> secretData(Secret s) {
        Map<String, byte[]> out = new HashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
        }
        if (s.getStringData() != null) {
            s.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int mode(Integer m) {
        return m == null ? 0644 : m;
    }

    /**
     * Writes the files atomically: into a new timestamped directory, then {@code ..data} is swapped to
     * it in one rename, and each top-level name links through {@code ..data}; unchanged content writes
     * nothing.
     */
    static Path write(Path dir, Map<String, FileContent> files) throws ConfigError {
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("..data");
            if (Files.isSymbolicLink(data) && same(dir.resolve(Files.readSymbolicLink(data)), files)) {
                return dir;
            }
            Path ts = Files.createTempDirectory(dir, ".." + Instant.now().toString().replace(':', '_') + ".");
            for (Map.Entry<String, FileContent> e : files.entrySet()) {
                Path f = ts.resolve(e.getKey()).normalize();
                if (!f.startsWith(ts)) {
                    throw new ConfigError("invalid path " + e.getKey());
                }
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue().data());
                setMode(f, e.getValue().mode());
            }
            setMode(ts, 0755);
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, ts.getFileName());
            Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
            try {
                Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING);
            }
            Set<String> top = new java.util.HashSet<>();
            for (String k : files.keySet()) {
                top.add(k.split("/")[0]);
            }
            for (String t : top) {
                Path link = dir.resolve(t);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createSymbolicLink(link, Path.of("..data").resolve(t));
                    } catch (FileAlreadyExistsException e) {
                        // raced: fine
                    }
                }
            }
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (!n.startsWith("..") && !top.contains(n) && Files.isSymbolicLink(p)) {
                        Files.delete(p);
                    }
                }
            }
            if (old != null && !old.equals(ts)) {
                deleteTree(old);
            }
            return dir;
        } catch (IOException e) {
            throw new ConfigError("MountVolume.SetUp failed for volume \"" + dir.getFileName() + "\" : " + e);
        }
    }

    private static boolean same(Path current, Map<String, FileContent> files) throws IOException {
        if (!Files.isDirectory(current)) {
            return false;
        }
        List<Path> existing;
        try (var s = Files.walk(current)) {
            existing = s.filter(Files::isRegularFile).toList();
        }
        if (existing.size() != files.size()) {
            return false;
        }
        for (Map.Entry<String, FileContent> e : files.entrySet()) {
            Path f = current.resolve(e.getKey());
            if (!Files.isRegularFile(f) || !java.util.Arrays.equals(Files.readAllBytes(f), e.getValue().data())) {
                return false;
            }
        }
        return true;
    }

    /** Where a container's volumeMount lands on the host, with its subPath. */
    static List<ContainerSpec.Mount> mounts(Container c, Map<String, Path> volumes) throws ConfigError {
        List<ContainerSpec.Mount> out = new ArrayList<>();
        if (c.getVolumeMounts() == null) {
            return out;
        }
        for (VolumeMount m : c.getVolumeMounts()) {
            Path host = volumes.get(m.getName());
            if (host == null) {
                throw new ConfigError("volume \"" + m.getName() + "\" of container " + c.getName() + " is not set up");
            }
            if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                Path sub = host.resolve(m.getSubPath()).normalize();
                if (!sub.startsWith(host)) {
                    throw new ConfigError("subPath " + m.getSubPath() + " escapes its volume");
                }
                try {
                    if (!Files.exists(sub)) {
                        Files.createDirectories(sub);
                    }
                } catch (IOException e) {
                    throw new ConfigError("subPath " + m.getSubPath() + ": " + e.getMessage());
                }
                host = sub;
            }
            out.add(new ContainerSpec.Mount(host.toString(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
        }
        return out;
    }

    /** Removes everything the pod's volumes left on the node (hostPath and claims are not the pod's). */
    void tearDown(String uid) {
        deleteTree(root.resolve(uid));
        deleteTree(memoryRoot.resolve(uid));
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            // best effort; the next sweep tries again
        }
    }

    static void setMode(Path p, int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX
        }
    }
}
