package dev.tempered.storage;

import java.util.List;

/** One artifact with its neighbourhood: who made it from what, and who used it to make what. */
public record Lineage(ArtifactRecord artifact, List<StageRunLink> producedBy, List<StageRunLink> consumedBy) {}
