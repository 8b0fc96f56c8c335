package dev.tempered.activities.training;

/** One value of one named series at one step ({@code loss} at step 120), as the loop hands it to its listener. */
public record Metric(long step, String name, double value) {}
