package dev.tempered.workflows;

/** One artifact a stage wrote, under the name it gives it ({@code manifest}, {@code shard}). */
public record OutputRef(String name, String digest) {}
