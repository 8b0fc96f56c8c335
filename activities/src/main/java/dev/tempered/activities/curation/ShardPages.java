package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Per-shard record digests of one curate run, in pages: a page ({@code tempered.curation-page/v1})
 * lists the records of a run of consecutive shards, and a page list
 * ({@code tempered.curation-pages/v1}) lists the pages in shard order. Both are small artifacts,
 * so that curation passes one digest where it used to pass a record per shard, and a reader finds
 * one shard's record by reading the page list and one page.
 *
 * <p>A page list digest of null is the empty list (a curate of no shards, or dedup turned off).
 */
public final class ShardPages {
    public static final String PAGE_FORMAT = "tempered.curation-page/v1";
    public static final String LIST_FORMAT = "tempered.curation-pages/v1";
    static final String PAGE_KIND = "curation-page";
    static final String LIST_KIND = "curation-pages";

    /** One page: {@code records.get(i)} belongs to shard {@code firstShard + i}. */
    public record Page(
            String format,
            String kind,
            @JsonProperty("first_shard") int firstShard,
            List<String> records) {}

    /** Where a page sits: its shards {@code firstShard … firstShard + count - 1}. */
    public record PageRef(@JsonProperty("first_shard") int firstShard, int count, String digest) {}

    public record PageList(String format, String kind, List<PageRef> pages) {}

    private final ArtifactPublisher publisher;

    public ShardPages(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    /** Stores {@code records} as the page after those of {@code pageList}; returns the new list's digest. */
    public String append(String pageList, String kind, int firstShard, List<String> records) throws IOException {
        List<PageRef> pages = new ArrayList<>(read(pageList, kind).pages());
        int expected = pages.isEmpty()
                ? 0
                : pages.get(pages.size() - 1).firstShard()
                        + pages.get(pages.size() - 1).count();
        if (firstShard != expected) {
            throw new IllegalArgumentException("page of " + kind + " records starts at shard " + firstShard
                    + " but page list " + pageList + " ends before shard " + expected);
        }
        pages.add(writePage(kind, firstShard, records));
        return write(kind, pages);
    }

    /** Stores a whole page list at once. */
    public String write(String kind, List<PageRef> pages) throws IOException {
        int shards = pages.stream().mapToInt(PageRef::count).sum();
        return publisher
                .publish(
                        Json.writeBytes(new PageList(LIST_FORMAT, kind, pages)),
                        LIST_KIND,
                        "application/json",
                        Map.of("kind", kind, "pages", pages.size(), "shards", shards))
                .digest();
    }

    /** Stores one page, for {@link #write}. */
    public PageRef writePage(String kind, int firstShard, List<String> records) throws IOException {
        String page = publisher
                .publish(
                        Json.writeBytes(new Page(PAGE_FORMAT, kind, firstShard, records)),
                        PAGE_KIND,
                        "application/json",
                        Map.of("kind", kind, "first_shard", firstShard, "shards", records.size()))
                .digest();
        return new PageRef(firstShard, records.size(), page);
    }

    public PageList read(String pageList, String kind) throws IOException {
        if (pageList == null) return new PageList(LIST_FORMAT, kind, List.of());
        PageList list = Json.MAPPER.readValue(publisher.store().readAllBytes(pageList), PageList.class);
        if (!LIST_FORMAT.equals(list.format()) || !kind.equals(list.kind())) {
            throw new InvalidStageInputException("artifact " + pageList + " is not a page list of " + kind
                    + " records (format '" + list.format() + "', kind '" + list.kind() + "')");
        }
        return list;
    }

    public Page page(PageRef ref, String kind) throws IOException {
        Page page = Json.MAPPER.readValue(publisher.store().readAllBytes(ref.digest()), Page.class);
        if (!PAGE_FORMAT.equals(page.format())
                || !kind.equals(page.kind())
                || page.firstShard() != ref.firstShard()
                || page.records().size() != ref.count()) {
            throw new InvalidStageInputException("artifact " + ref.digest() + " is not the page of " + kind
                    + " records for shards " + ref.firstShard() + "+" + ref.count());
        }
        return page;
    }

    /** The record digest of one shard. */
    public String lookup(String pageList, String kind, int shardIndex) throws IOException {
        for (PageRef ref : read(pageList, kind).pages()) {
            if (shardIndex >= ref.firstShard() && shardIndex < ref.firstShard() + ref.count()) {
                return page(ref, kind).records().get(shardIndex - ref.firstShard());
            }
        }
        throw new InvalidStageInputException(
                "page list " + pageList + " of " + kind + " records has no shard " + shardIndex);
    }

    /** Every record digest in shard order, reading one page at a time. */
    public Iterable<String> all(String pageList, String kind) throws IOException {
        List<PageRef> pages = read(pageList, kind).pages();
        return () -> new Iterator<>() {
            private int pageIndex;
            private Iterator<String> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pageIndex < pages.size()) {
                    try {
                        current = page(pages.get(pageIndex++), kind).records().iterator();
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "reading a page of " + kind + " records failed: " + e.getMessage(), e);
                    }
                }
                return current.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }
}
