package dev.tempered.web;

import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainSchedule;
import java.util.List;

/** One retraining schedule on the Schedules page, with its latest firings, newest first. */
public record ScheduleRow(RetrainSchedule schedule, List<RetrainFiring> firings) {}
