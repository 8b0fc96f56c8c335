package dev.tempered.storage.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tempered.storage.Json;
import dev.tempered.storage.jdbc.Sql;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reviewers' resolutions of disagreements, in {@code labeling_reviews}: one row per verdict, its
 * {@code ranking} the pair as tie groups ({@code [[winner], [loser]]}, or {@code [[a, b]]} for "tie
 * or unclear"). A later verdict on the same pair replaces an earlier one when read, so a reviewer
 * can change their mind and the table keeps the history.
 *
 * <pre>{@code
 * ReviewStore reviews = new ReviewStore(dataSource);
 * reviews.resolve(taskId, reviewer.id(), 0, 2, 2, "response 2 is correct");   // 2 beats 0
 * List<Resolution> current = reviews.resolutions(projectId);                  // latest per pair
 * }</pre>
 */
public final class ReviewStore {
    private static final TypeReference<List<List<Integer>>> RANKING = new TypeReference<>() {};

    private final Sql sql;

    public ReviewStore(DataSource db) {
        this.sql = new Sql(db);
    }

    /** Records a verdict on responses {@code x} and {@code y} of a task; {@code winner} null means tie or unclear. */
    public void resolve(UUID taskId, UUID reviewerId, int x, int y, Integer winner, String note) {
        int a = Math.min(x, y), b = Math.max(x, y);
        new Resolution(taskId, a, b, winner, "", note, Instant.EPOCH); // checks the pair and the winner
        List<List<Integer>> ranking =
                winner == null ? List.of(List.of(a, b)) : List.of(List.of(winner), List.of(winner == a ? b : a));
        sql.update(
                "INSERT INTO labeling_reviews (id, task_id, reviewer_id, ranking, note) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                taskId,
                reviewerId,
                new Sql.Jsonb(Json.write(ranking)),
                note);
    }

    /** The latest verdict on each resolved pair of the project's tasks. */
    public List<Resolution> resolutions(String projectId) {
        Map<String, Resolution> latest = new LinkedHashMap<>();
        sql.query(
                        "SELECT r.task_id, r.ranking::text, r.note, r.created_at, u.name FROM labeling_reviews r"
                                + " JOIN labeling_tasks t ON t.id = r.task_id JOIN users u ON u.id = r.reviewer_id"
                                + " WHERE t.project_id = ? ORDER BY r.created_at, r.id",
                        rs -> {
                            List<List<Integer>> ranking = ranking(rs.getString(2));
                            int a, b;
                            Integer winner;
                            if (ranking.size() == 1) {
                                a = Math.min(
                                        ranking.get(0).get(0), ranking.get(0).get(1));
                                b = Math.max(
                                        ranking.get(0).get(0), ranking.get(0).get(1));
                                winner = null;
                            } else {
                                winner = ranking.get(0).get(0);
                                int loser = ranking.get(1).get(0);
                                a = Math.min(winner, loser);
                                b = Math.max(winner, loser);
                            }
                            return new Resolution(
                                    rs.getObject(1, UUID.class),
                                    a,
                                    b,
                                    winner,
                                    rs.getString(5),
                                    rs.getString(3),
                                    Sql.instant(rs, "created_at"));
                        },
                        projectId)
                .forEach(r -> latest.put(r.taskId() + "/" + r.a() + "/" + r.b(), r));
        return List.copyOf(latest.values());
    }

    private static List<List<Integer>> ranking(String json) {
        try {
            return Json.MAPPER.readValue(json, RANKING);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labeling_reviews.ranking is not a list of tie groups: " + json, e);
        }
    }
}
