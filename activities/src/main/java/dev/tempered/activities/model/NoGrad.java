package dev.tempered.activities.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd off on this thread until closed, then back as it was: {@code try (NoGrad off =
 * NoGrad.enter()) { … }} around inference. libtorch's grad mode is per thread, and DJL switches it
 * off only on the thread that started the engine; on any other thread (a Temporal activity, a web
 * request) every op would record a graph for a backward pass that never comes (measured in the chat
 * bench: about 10 % slower at batch 16, and the graph's memory held until the step's scope closes).
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    public static NoGrad enter() {
        NoGrad scope = new NoGrad(JniUtils.isGradMode());
        JniUtils.setGradMode(false);
        return scope;
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
