package dev.tempered.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemperedConfigTest {
    @TempDir
    Path dir;

    private TemperedConfig load(String yaml) throws IOException {
        Path file = dir.resolve("tempered.yaml");
        Files.writeString(file, yaml);
        return TemperedConfig.load(file, Map.of());
    }

    private IllegalArgumentException refused(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> load(yaml));
    }

    @Test
    void everyDocumentedKeyIsAccepted() throws IOException {
        TemperedConfig c = load("""
                data_dir: /var/lib/tempered
                temporal:
                  target: temporal.internal:7233
                  namespace: training
                  tls: true
                  tls_cert: /etc/tempered/client.pem
                  tls_key: /etc/tempered/client.key
                  api_key: null
                  sticky_workflows: false
                  ui_url: http://temporal-ui.internal:8080
                s3:
                  endpoint: http://minio.internal:9000
                  access_key: tempered
                  secret_key: a8f3e1c97b
                  bucket: tempered-artifacts-eu
                postgres:
                  url: jdbc:postgresql://db.internal:5432/tempered
                  user: tempered
                  password: 4c1d2b
                web:
                  host: 0.0.0.0
                  port: 9090
                  allowed_hosts: tempered.example.org, labels.example.org
                  require_login_for_reads: true
                """);
        assertEquals("temporal.internal:7233", c.temporalTarget());
        assertEquals("tempered-artifacts-eu", c.s3Bucket());
        assertEquals("jdbc:postgresql://db.internal:5432/tempered", c.postgresUrl());
        assertEquals(9090, c.webPort());
        assertEquals(List.of("tempered.example.org", "labels.example.org"), c.webAllowedHosts());
        assertTrue(c.webRequireLoginForReads());
        assertNull(c.temporalApiKey());
        assertEquals("http://temporal-ui.internal:8080", c.temporalUiUrl());
    }

    @Test
    void aMisspeltKeyIsNamedWithTheFileTheKnownKeysAndTheNearestOne() {
        IllegalArgumentException e = refused("""
                s3:
                  endpont: http://minio.internal:9000
                  bucket: tempered-artifacts
                """);
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("tempered.yaml") + ": unknown key 's3.endpont'"), m);
        assertTrue(m.contains("did you mean 's3.endpoint'?"), m);
        assertTrue(m.contains("known at s3: s3.endpoint, s3.access_key, s3.secret_key, s3.bucket"), m);
    }

    @Test
    void aKeyInTheWrongSectionPointsToItsHome() {
        String m = refused("bucket: tempered-artifacts\n").getMessage();
        assertTrue(m.contains("unknown key 'bucket' (did you mean 's3.bucket'?)"), m);
        assertTrue(m.contains("known at top level: data_dir, temporal, s3, postgres, web"), m);
    }

    @Test
    void everyUnknownKeyIsListedAndAFarOneGetsNoGuess() {
        String m = refused("""
                datadir: /tmp/x
                temporal:
                  taget: localhost:7233
                  retention_days: 30
                """).getMessage();
        assertTrue(m.contains("unknown key 'datadir' (did you mean 'data_dir'?)"), m);
        assertTrue(m.contains("unknown key 'temporal.taget' (did you mean 'temporal.target'?)"), m);
        assertTrue(m.contains("unknown key 'temporal.retention_days'; known at temporal:"), m);
    }

    @Test
    void aSectionGivenAsAValueIsRefused() {
        String m = refused("postgres: jdbc:postgresql://db.internal:5432/tempered\n")
                .getMessage();
        assertTrue(m.contains("'postgres' must be a section"), m);
        assertTrue(m.contains("url, user, password"), m);
    }

    @Test
    void noFileMeansEveryDefault() {
        TemperedConfig c = TemperedConfig.load(dir.resolve("absent.yaml"), Map.of());
        assertTrue(c.embeddedTemporal() && c.embeddedS3() && c.embeddedPostgres());
        assertEquals(8080, c.webPort());
        assertFalse(c.webRequireLoginForReads(), "reads stay open unless the config closes them");
    }

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(1, ConfigKeys.editDistance("bukcet", "bucket"));
        assertEquals(1, ConfigKeys.editDistance("endpont", "endpoint"));
        assertEquals(3, ConfigKeys.editDistance("url", "user"));
    }
}
