package dev.tempered.storage;

/** An artifact as listed under a stage run: the edge name plus what the dashboard shows of it. */
public record ArtifactRef(String name, String digest, String kind, long size) {}
