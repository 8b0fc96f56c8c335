package dev.tempered.activities.ingest;

import dev.tempered.activities.ingest.SourceManifest.Entry;
import dev.tempered.activities.ingest.SourceManifest.SourceKind;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Uploads the files named by {@code ingest}'s {@code sources} as content-addressed artifacts and
 * writes a {@link SourceManifest} over them. Runs on the submitting machine, which is the one
 * that has the files; workers anywhere then read them from object storage.
 */
public final class SourceImporter {
    private final ArtifactPublisher publisher;

    public SourceImporter(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * @param sources files or directories, resolved against {@code base}
     * @param field   the spec field being resolved, for error messages (e.g. {@code demo.yaml: stages[0].params.sources})
     * @throws IllegalArgumentException naming the field and path when a source is missing or unreadable
     */
    public Imported importSources(Path base, List<String> sources, String field) throws IOException {
        if (sources.isEmpty()) throw new IllegalArgumentException(field + ": no sources given");
        List<Entry> entries = new ArrayList<>();
        List<SourceManifest.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String name = sources.get(i);
            Path path = base.resolve(name).normalize();
            String where = field + "[" + i + "]";
            if (!Files.exists(path)) throw new IllegalArgumentException(where + ": " + path + " does not exist");
            if (!Files.isReadable(path))
                throw new IllegalArgumentException(where + ": " + path + " is not readable (permissions)");
            if (Files.isDirectory(path)) {
                for (Path file : listFiles(path, where)) {
                    String display = stripSlash(name) + "/"
                            + path.relativize(file).toString().replace('\\', '/');
                    Optional<SourceKind> kind = kindOf(file, false);
                    if (kind.isEmpty()) skipped.add(new SourceManifest.Skipped(display, "unsupported file type"));
                    else if (!Files.isReadable(file)) skipped.add(new SourceManifest.Skipped(display, "not readable"));
                    else entries.add(upload(file, display, kind.get()));
                }
            } else {
                // A file named explicitly is read as WARC unless it is HTML: a wrong file then
                // shows up as a not-warc error with its name and offset instead of being ignored.
                entries.add(upload(
                        path, path.getFileName().toString(), kindOf(path, true).orElseThrow()));
            }
        }
        SourceManifest manifest = new SourceManifest(SourceManifest.FORMAT, entries, skipped);
        ArtifactRecord record = publisher.publish(
                manifest.toJson(),
                SourceManifest.KIND,
                "application/json",
                Map.of(
                        "files",
                        entries.size(),
                        "skipped_files",
                        skipped.size(),
                        "bytes",
                        entries.stream().mapToLong(Entry::size).sum()));
        return new Imported(record, manifest);
    }

    /** The published manifest and what it lists. */
    public record Imported(ArtifactRecord record, SourceManifest manifest) {
        public String digest() {
            return record.digest();
        }
    }

    private Entry upload(Path file, String display, SourceKind kind) throws IOException {
        ArtifactRecord a = publisher.publish(
                file,
                "source-file",
                kind == SourceKind.warc ? "application/warc" : "text/html",
                Map.of("path", display));
        return new Entry(display, kind, a.digest(), a.size());
    }

    private static List<Path> listFiles(Path dir, String where) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(
                    where + ": directory " + e.getFile() + " is not readable (permissions)", e);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof AccessDeniedException denied) {
                throw new IllegalArgumentException(
                        where + ": directory " + denied.getFile() + " is not readable (permissions)", e);
            }
            throw e;
        }
    }

    static Optional<SourceKind> kindOf(Path file, boolean explicit) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml"))
            return Optional.of(SourceKind.html);
        if (name.endsWith(".warc") || name.endsWith(".warc.gz") || explicit) return Optional.of(SourceKind.warc);
        return Optional.empty();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
