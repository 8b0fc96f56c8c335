package dev.tempered.app.temporal;

import dev.tempered.app.config.TemperedConfig;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** gRPC options for reaching Temporal: plain on loopback, TLS, mutual TLS or an API key for Temporal Cloud. */
public final class TemporalConnection {
    private TemporalConnection() {}

    public static WorkflowServiceStubsOptions options(TemperedConfig config, String target, boolean embedded) {
        WorkflowServiceStubsOptions.Builder builder =
                WorkflowServiceStubsOptions.newBuilder().setTarget(target);
        if (embedded || !config.temporalUsesTls()) return builder.build();
        if ((config.temporalTlsCert() == null) != (config.temporalTlsKey() == null)) {
            throw new IllegalArgumentException(
                    "temporal.tls_cert and temporal.tls_key go together: set both for mutual TLS, or neither");
        }
        if (config.temporalTlsCert() != null) {
            try (InputStream cert = Files.newInputStream(Path.of(config.temporalTlsCert()));
                    InputStream key = Files.newInputStream(Path.of(config.temporalTlsKey()))) {
                builder.setSslContext(
                        SimpleSslContextBuilder.forPKCS8(cert, key).build());
            } catch (SSLException e) {
                throw new IllegalArgumentException(
                        "temporal.tls_cert/tls_key: not a PEM certificate and PKCS#8 key: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the Temporal client certificate or key: " + e.getMessage(), e);
            }
        } else {
            builder.setEnableHttps(true);
        }
        if (config.temporalApiKey() != null) {
            String key = config.temporalApiKey();
            builder.addApiKey(() -> key);
        }
        return builder.build();
    }
}
