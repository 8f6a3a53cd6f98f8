package io.stevedore.runtime.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.RuntimeProvider;
import java.time.Duration;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Docker runtime, available wherever a Docker engine answers on the configured host. */
@Component(service = RuntimeProvider.class, configurationPid = DockerRuntimeProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DockerRuntimeProvider.Config.class)
public class DockerRuntimeProvider implements RuntimeProvider {

    static final String PID = "io.stevedore.runtime.docker";

    @ObjectClassDefinition(name = "Stevedore Docker runtime", description = "Pods on a Docker engine")
    public @interface Config {
        @AttributeDefinition(description = "The engine's address; empty: DOCKER_HOST, else unix:///var/run/docker.sock")
        String dockerHost() default "";

        @AttributeDefinition(description = "The sandbox (pause) image; built locally when missing")
        String sandboxImage() default "stevedore/pause:1.0";
    }

    private volatile String host;
    private volatile String sandboxImage;

    public DockerRuntimeProvider() {
        this("", "stevedore/pause:1.0");
    }

    public DockerRuntimeProvider(String dockerHost, String sandboxImage) {
        configure(dockerHost, sandboxImage);
    }

    @Activate
    @Modified
    void activate(Config c) {
        configure(c.dockerHost(), c.sandboxImage());
    }

    private void configure(String dockerHost, String image) {
        String h = dockerHost == null ? "" : dockerHost.trim();
        if (h.isEmpty()) {
            String env = System.getenv("DOCKER_HOST");
            h = env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env.trim();
        }
        this.host = h;
        this.sandboxImage = image == null || image.isBlank() ? "stevedore/pause:1.0" : image.trim();
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Optional<String> unavailable() {
        if (host.startsWith("unix://") && !java.nio.file.Files.exists(java.nio.file.Path.of(host.substring(7)))) {
            return Optional.of("no Docker engine at " + host);
        }
        try (DockerClient c = client(Duration.ofSeconds(3))) {
            c.pingCmd().exec();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("no Docker engine answers at " + host + ": " + e.getMessage());
        }
    }

    @Override
    public ContainerRuntime open(Context context) {
        return new DockerRuntime(client(null), context.nodeName(), sandboxImage);
    }

    private DockerClient client(Duration responseTimeout) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(DockerRuntimeProvider.class.getClassLoader());
        try {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host).build();
            ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig()).maxConnections(256)
                    .connectionTimeout(Duration.ofSeconds(5));
            if (responseTimeout != null) {
                b.responseTimeout(responseTimeout);
            }
            DockerHttpClient http = b.build();
            return DockerClientImpl.getInstance(config, http);
        } finally {
            Thread.currentThread().setContextClassLoader(tccl);
        }
    }
}
