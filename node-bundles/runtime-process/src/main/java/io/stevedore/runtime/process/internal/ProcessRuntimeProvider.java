package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.RuntimeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The process runtime as the kubelet finds it: available on Linux wherever {@code /bin/sh} and
 * {@code setsid} are, and ranked below Docker, so that it is chosen by itself only where no Docker
 * engine is reachable (its runtimes then say, in {@link ContainerRuntime#warning()}, that nothing is
 * isolated).
 */
@Component(service = RuntimeProvider.class)
public class ProcessRuntimeProvider implements RuntimeProvider {

    static final int RANK = 10;

    private final String version;

    @Activate
    public ProcessRuntimeProvider(BundleContext context) {
        this(versionOf(context.getBundle().getVersion()));
    }

    ProcessRuntimeProvider(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return ProcessRuntime.NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Optional<String> unavailable() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("process runtime: runs on Linux only, not " + os);
        }
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return Optional.of("process runtime: no /bin/sh");
        }
        if (setsid().isEmpty()) {
            return Optional.of("process runtime: no setsid (util-linux) on the PATH");
        }
        if (!Files.isReadable(Path.of("/proc/self/stat"))) {
            return Optional.of("process runtime: no /proc");
        }
        return Optional.empty();
    }

    @Override
    public ContainerRuntime open(Context context) {
        Path setsid = setsid().orElseThrow(() -> new IllegalStateException(unavailable().orElse("no setsid")));
        return new ProcessRuntime(context.nodeName(), context.dataDir(), version, setsid);
    }

    /** {@code setsid} on the PATH, or in /usr/bin or /bin. */
    static Optional<Path> setsid() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/bin", "/bin"));
        return dirs.stream().filter(d -> d.startsWith("/")).map(d -> Path.of(d, "setsid"))
                .filter(Files::isExecutable).findFirst();
    }

    private static String versionOf(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }
}
