package dev.tempered.web;

/** One option of the playground's model picker: a checkpoint, how it reads ("55f48207ef43 · step 200 · loss 3.912 · …"), whether picked. */
public record CheckpointChoice(String digest, String label, boolean selected) {}
