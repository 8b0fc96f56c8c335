package dev.tempered.web;

import dev.tempered.storage.ArtifactNotFoundException;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Lineage;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageRunLink;
import dev.tempered.storage.StorageException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Report cards found through lineage and the comparison page
 * ({@code /report-cards/compare?a=DIGEST&b=DIGEST}). A checkpoint's cards are the
 * {@code report-card} outputs of the stage runs that consumed it whose {@code model} field names it
 * (an {@code evaluate} run may read a second checkpoint, such as a base model to compare with; its
 * card still grades only one).
 */
final class ReportCards {
    private final LineageStore lineage;
    private final ArtifactStore artifacts;

    ReportCards(LineageStore lineage, ArtifactStore artifacts) {
        this.lineage = lineage;
        this.artifacts = artifacts;
    }

    void register(RoutesConfig routes) {
        routes.get("/report-cards/compare", this::compare);
    }

    /** The cards grading {@code checkpoint}, newest first; empty when it was never evaluated. */
    List<ReportCardView> forModel(Lineage checkpoint) {
        List<StageRunLink> runs = new ArrayList<>(checkpoint.consumedBy());
        runs.sort(Comparator.comparing(StageRunLink::started, Comparator.nullsLast(Comparator.reverseOrder())));
        Set<String> seen = new LinkedHashSet<>();
        List<ReportCardView> cards = new ArrayList<>();
        for (StageRunLink run : runs) {
            for (ArtifactRef out : run.artifacts()) {
                if (!ReportCardView.KIND.equals(out.kind()) || !seen.add(out.digest())) continue;
                Optional<ReportCardView> card = readQuietly(out.digest());
                if (card.isPresent()
                        && checkpoint.artifact().digest().equals(card.get().model())) cards.add(card.get());
            }
        }
        return cards;
    }

    /** The cards of the checkpoint a model was trained from (an SFT model's base), for a comparison link. */
    List<ReportCardView> forParentModel(Lineage checkpoint) {
        for (StageRunLink producer : checkpoint.producedBy()) {
            for (ArtifactRef in : producer.artifacts()) {
                if (!Playground.KIND.equals(in.kind())) continue;
                Optional<Lineage> parent = lineage.lineage(in.digest());
                if (parent.isPresent()) {
                    List<ReportCardView> cards = forModel(parent.get());
                    if (!cards.isEmpty()) return cards;
                }
            }
        }
        return List.of();
    }

    /** The card {@code digest}, or a 404/400 naming what the artifact is instead. */
    ReportCardView read(String digest, String param) {
        ArtifactRecord a = lineage.artifact(digest)
                .orElseThrow(
                        () -> new NotFoundResponse("no artifact " + digest + " (" + param + ") in the lineage store"));
        if (!ReportCardView.KIND.equals(a.kind())) {
            throw new BadRequestResponse(param + "=" + digest + " is a " + a.kind() + ", not a " + ReportCardView.KIND
                    + "; pick one from an evaluate stage's outputs");
        }
        try {
            return ReportCardView.parse(digest, artifacts.readAllBytes(digest));
        } catch (ArtifactNotFoundException e) {
            throw new NotFoundResponse(
                    "report card " + digest
                            + " is recorded in the lineage store but its bytes are missing from object storage; re-run evaluate");
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading report card " + digest, e);
        }
    }

    private Optional<ReportCardView> readQuietly(String digest) {
        try {
            return Optional.of(ReportCardView.parse(digest, artifacts.readAllBytes(digest)));
        } catch (IOException | StorageException | IllegalArgumentException e) {
            // A card whose bytes are gone or unreadable is simply not shown on the model page; its own page says why.
            return Optional.empty();
        }
    }

    private void compare(Context ctx) {
        String a = digestParam(ctx, "a");
        String b = digestParam(ctx, "b");
        ctx.render("report_compare.jte", Map.of("comparison", ReportCardComparison.of(read(a, "a"), read(b, "b"))));
    }

    /** A report card's digest, or a unique prefix of one, from the query. */
    private String digestParam(Context ctx, String name) {
        String v = PathParams.digestField(ctx, name, lineage);
        if (v == null) {
            throw new BadRequestResponse(
                    "query parameter " + name
                            + " is required: a report card digest (64 lower-case hex characters of sha256, or a unique prefix)");
        }
        return v;
    }
}
