package dev.tempered.web;

import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageWarnings;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageGraph;
import dev.tempered.workflows.StageSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's pipeline as a graph drawn in SVG on the server: one box per stage with its status, an
 * arrow for every input it reads from another stage. The edges are the ones the workflow waits on
 * ({@link StageGraph}), so what runs side by side on the page is what runs side by side in the
 * workflow. Layout: a stage's column is the length of the longest chain of stages before it; rows
 * fill each column in pipeline order. No crossing minimisation: pipelines have tens of stages.
 */
public record PipelineDag(int width, int height, List<Node> nodes, List<Edge> edges) {
    static final int BOX_W = 150;
    static final int BOX_H = 40;
    static final int GAP_X = 50;
    static final int GAP_Y = 18;
    static final int MARGIN = 8;

    /** One stage: its box's top-left corner, id, stage name and status ({@code pending} when it has no run yet). */
    public record Node(int position, String id, String stage, String status, boolean cached, int x, int y) {
        public int w() {
            return BOX_W;
        }

        public int h() {
            return BOX_H;
        }
    }

    /** From the right edge of one box to the left edge of another. */
    public record Edge(int from, int to, int x1, int y1, int x2, int y2) {}

    /** The run's graph; null when its recorded spec cannot be read as a pipeline spec. */
    public static PipelineDag of(PipelineRunRecord run) {
        PipelineSpec spec;
        try {
            spec = Json.MAPPER.convertValue(run.spec(), PipelineSpec.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<StageSpec> stages = spec.stages();
        if (stages.isEmpty()) return null;
        List<Set<Integer>> upstream = StageGraph.upstream(stages);
        Map<Integer, StageRunRecord> byPosition = new HashMap<>();
        for (StageRunRecord s : run.stages()) byPosition.put(s.position(), s);
        int[] column = new int[stages.size()];
        Map<Integer, Integer> rowsInColumn = new HashMap<>();
        int[] row = new int[stages.size()];
        int columns = 0, rows = 0;
        for (int i = 0; i < stages.size(); i++) {
            for (int u : upstream.get(i)) column[i] = Math.max(column[i], column[u] + 1);
            row[i] = rowsInColumn.merge(column[i], 1, Integer::sum) - 1;
            columns = Math.max(columns, column[i] + 1);
            rows = Math.max(rows, row[i] + 1);
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            StageRunRecord s = byPosition.get(i);
            nodes.add(new Node(
                    i,
                    stages.get(i).key(),
                    stages.get(i).stage(),
                    s == null ? "pending" : StageWarnings.displayStatus(s),
                    s != null && s.cached(),
                    MARGIN + column[i] * (BOX_W + GAP_X),
                    MARGIN + row[i] * (BOX_H + GAP_Y)));
        }
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            for (int u : upstream.get(i)) {
                Node a = nodes.get(u), b = nodes.get(i);
                edges.add(new Edge(u, i, a.x() + BOX_W, a.y() + BOX_H / 2, b.x(), b.y() + BOX_H / 2));
            }
        }
        return new PipelineDag(
                2 * MARGIN + columns * BOX_W + (columns - 1) * GAP_X,
                2 * MARGIN + rows * BOX_H + (rows - 1) * GAP_Y,
                List.copyOf(nodes),
                List.copyOf(edges));
    }
}
