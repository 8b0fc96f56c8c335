package dev.tempered.activities.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The training loop is domain code: it imports nothing but the JDK and its own package, so it
 * knows nothing of Temporal, S3, lineage or DJL and every model stage can reuse it. (A Maven module
 * of its own would make the compiler check this; until then this test does.)
 */
class TrainingPackageImportsTest {

    @Test
    void importsOnlyTheJdkAndItself() throws IOException {
        Path dir = Path.of("src", "main", "java", "dev", "tempered", "activities", "training");
        List<String> foreign = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path file : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(file)) {
                    String l = line.strip();
                    if (l.startsWith("import ")
                            && !l.startsWith("import java.")
                            && !l.startsWith("import dev.tempered.activities.training.")) {
                        foreign.add(file.getFileName() + ": " + l);
                    }
                    if (l.contains("io.temporal") || l.contains("dev.tempered.storage"))
                        foreign.add(file.getFileName() + ": " + l);
                }
            }
        }
        assertTrue(files >= 10, "read " + files + " sources of " + dir.toAbsolutePath());
        assertEquals(List.of(), foreign);
    }
}
