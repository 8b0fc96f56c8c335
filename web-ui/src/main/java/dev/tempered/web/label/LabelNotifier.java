package dev.tempered.web.label;

/**
 * Tells a project's label workflow that labels were stored (a Temporal signal in the app). Only a
 * nudge: the workflow reads the counts from the database on its own timer, so a notifier that
 * fails or is absent delays the stage by at most one poll interval and loses nothing.
 */
@FunctionalInterface
public interface LabelNotifier {
    LabelNotifier NONE = projectId -> {};

    void labelsSubmitted(String projectId);
}
