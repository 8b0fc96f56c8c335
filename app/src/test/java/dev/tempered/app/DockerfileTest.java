package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's dependency layer runs Maven over the poms alone, before any source is copied; the
 * parent pom names every module, and Maven refuses the whole reactor when one module's pom is
 * missing. This once went unnoticed for a release because the step ended in {@code || true}. No
 * Docker engine is needed to check that the poms it copies are the poms the parent lists.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDependencyLayerCopiesEveryModulesPomAndFailsLoudly() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        List<String> modules = Pattern.compile("<module>([^<]+)</module>")
                .matcher(pom)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertTrue(
                modules.contains("app") && modules.contains("bench"), "modules read from the parent pom: " + modules);

        int goOffline = dockerfile.indexOf("dependency:go-offline");
        assertTrue(goOffline > 0, "the Dockerfile has no dependency layer");
        String beforeSources = dockerfile.substring(0, goOffline);
        List<String> copied = Pattern.compile("(?m)^COPY (\\S+)/pom\\.xml ")
                .matcher(beforeSources)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertEquals(
                modules.stream().sorted().toList(),
                copied.stream().sorted().toList(),
                "the modules whose poms the Dockerfile copies before dependency:go-offline");

        Matcher run = Pattern.compile("(?m)^RUN .*dependency:go-offline.*$").matcher(dockerfile);
        assertTrue(run.find());
        assertFalse(run.group().contains("||"), "the dependency layer hides its failure: " + run.group());
    }
}
