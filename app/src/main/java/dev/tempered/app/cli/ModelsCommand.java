package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.Json;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.AliasMove;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.registry.RegistryException;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.PromotionApprovals;
import dev.tempered.workflows.registry.PromotionRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The model registry from the terminal: versions with their aliases, one version with its report
 * card beside production's, promotion requests (the gate and the wait for approval run in the
 * promotion workflow), an admin's decision, and rollback.
 *
 * <p>Who decides: the CLI user is whoever holds this platform's database and Temporal
 * credentials, so a decision from here carries the operating-system user name (or {@code --user})
 * with the admin role; the dashboard's decisions carry the signed-in user's own role.
 */
@Command(
        name = "models",
        description = "Model registry: list, show, promote, approve, reject, rollback.",
        subcommands = {
            ModelsCommand.ListModels.class,
            ModelsCommand.Show.class,
            ModelsCommand.Promote.class,
            ModelsCommand.Approve.class,
            ModelsCommand.Reject.class,
            ModelsCommand.Rollback.class
        })
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("give a subcommand: list, show, promote, approve, reject or rollback");
    }

    static String operator(String user) {
        return user != null ? user : System.getProperty("user.name", "operator");
    }

    @Command(name = "list", description = "Every version of a model, newest first, with its aliases.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(
                names = "--model",
                defaultValue = Aliases.DEFAULT_MODEL,
                description = "Model name (default ${DEFAULT-VALUE}).")
        String model;

        @Override
        public Integer call() {
            try (Platform platform = Platform.readLineage(global.config())) {
                ModelRegistryRepository registry = platform.lineage().modelRegistry();
                List<ModelVersion> versions = registry.versions(model);
                if (versions.isEmpty()) {
                    System.out.println("model " + model + " has no versions; an evaluate stage on a chat checkpoint"
                            + " registers one");
                    return 0;
                }
                Map<String, Integer> aliases = registry.aliases(model);
                System.out.printf(
                        "%-4s %-12s %-6s %-12s %-24s %-22s %s%n",
                        "ver", "checkpoint", "kind", "report card", "run", "registered", "aliases");
                for (ModelVersion v : versions) {
                    List<String> names = new ArrayList<>();
                    aliases.forEach((a, n) -> {
                        if (n == v.version()) names.add(a);
                    });
                    System.out.printf(
                            "%-4d %-12s %-6s %-12s %-24s %-22s %s%n",
                            v.version(),
                            v.checkpoint().substring(0, 12),
                            v.checkpointKind(),
                            v.reportCard() == null ? "-" : v.reportCard().substring(0, 12),
                            v.pipelineRunId() == null ? "-" : v.pipelineRunId(),
                            v.registeredAt().toString().substring(0, 19),
                            String.join(",", names));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "One version: lineage, report card beside production's, alias history.")
    static final class Show implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(
                names = "--model",
                defaultValue = Aliases.DEFAULT_MODEL,
                description = "Model name (default ${DEFAULT-VALUE}).")
        String model;

        @Parameters(paramLabel = "VERSION|ALIAS", description = "A version number, or candidate or production.")
        String which;

        @Override
        public Integer call() throws IOException {
            try (Platform platform = Platform.readLineage(global.config())) {
                ModelRegistryRepository registry = platform.lineage().modelRegistry();
                ModelVersion v = resolve(registry, model, which);
                System.out.printf(
                        "%s version %d  checkpoint %s (%s)%n",
                        v.model(), v.version(), v.checkpoint(), v.checkpointKind());
                System.out.println("  report card " + orDash(v.reportCard()));
                System.out.println("  tokenizer   " + orDash(v.tokenizer()));
                System.out.println("  labels      " + orDash(v.labels()));
                System.out.println("  written by  "
                        + (v.stageRunId() == null
                                ? "-"
                                : "run " + v.pipelineRunId()
                                        + " stage run " + v.stageRunId() + "  (./tempered lineage "
                                        + v.checkpoint().substring(0, 12)
                                        + " leads back to the WARC records)"));
                System.out.println("  registered  " + v.registeredAt() + " by " + v.registeredBy());
                List<Map<String, Object>> cards = new ArrayList<>();
                if (v.reportCard() != null) cards.add(card(platform, v.reportCard()));
                var production = registry.byAlias(model, Aliases.PRODUCTION);
                if (production.isPresent()
                        && production.get().version() != v.version()
                        && production.get().reportCard() != null) {
                    cards.add(card(platform, production.get().reportCard()));
                    System.out.println("\nthis version (left) beside production, version "
                            + production.get().version() + " (right):");
                }
                if (!cards.isEmpty()) ReportCardPrinter.print(cards, System.out);
                System.out.println("\nalias history:");
                for (AliasMove m : registry.history(model)) {
                    System.out.printf(
                            "  %s  %-10s %s -> %d  %-8s by %s%s%n",
                            m.at().toString().substring(0, 19),
                            m.alias(),
                            m.fromVersion() == null ? "-" : m.fromVersion(),
                            m.toVersion(),
                            m.action(),
                            m.actor(),
                            m.comment() == null ? "" : ": " + m.comment());
                }
                return 0;
            }
        }

        private static Map<String, Object> card(Platform platform, String digest) throws IOException {
            return Json.readMap(
                    new String(platform.store().readAllBytes(digest), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Command(name = "promote", description = "Ask to promote a version to production: gate, then an admin's approval.")
    static final class Promote implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(
                names = "--model",
                defaultValue = Aliases.DEFAULT_MODEL,
                description = "Model name (default ${DEFAULT-VALUE}).")
        String model;

        @Option(
                names = "--tolerance",
                defaultValue = "" + PromotionRequest.DEFAULT_TOLERANCE,
                description =
                        "How much worse than production any metric may be, in its own units (default ${DEFAULT-VALUE}).")
        double tolerance;

        @Option(names = "--user", description = "Who asks (default: the operating-system user).")
        String user;

        @Parameters(
                paramLabel = "VERSION|ALIAS",
                defaultValue = Aliases.CANDIDATE,
                description = "A version number or alias (default ${DEFAULT-VALUE}).")
        String which;

        @Override
        public Integer call() throws InterruptedException {
            try (Platform platform = Platform.connect(global.config(), true)) {
                ModelVersion v = resolve(platform.lineage().modelRegistry(), model, which);
                PromotionApprovals approvals = new PromotionApprovals(platform.client(), TaskQueues.WORKFLOWS);
                String id = approvals.request(model, v.version(), tolerance, operator(user));
                // The gate is one short activity; wait for its verdict so the user sees it here.
                String status = "gating";
                for (int i = 0; i < 600 && "gating".equals(status); i++) {
                    Thread.sleep(100);
                    status = approvals.status(id);
                }
                Promotion p = platform.lineage().modelRegistry().promotion(id).orElseThrow();
                System.out.println("promotion " + id + ": " + status);
                Object message = p.gate().get("message");
                if (message != null) System.out.println("  " + message);
                if (Promotion.AWAITING_APPROVAL.equals(status)) {
                    System.out.println("  an admin approves it on the dashboard's Models page or with"
                            + " ./tempered models approve " + id + " --comment '...'");
                }
                return Promotion.REFUSED.equals(status) ? 1 : 0;
            }
        }
    }

    abstract static class Decide implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "PROMOTION", description = "The promotion's id, as promote printed it.")
        String id;

        @Option(names = "--comment", defaultValue = "", description = "Why, kept in the audit trail.")
        String comment;

        @Option(names = "--user", description = "Who decides (default: the operating-system user).")
        String user;

        abstract boolean approve();

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), true)) {
                PromotionApprovals approvals = new PromotionApprovals(platform.client(), TaskQueues.WORKFLOWS);
                String outcome = approvals.decide(
                        id, new ApprovalDecision(operator(user), PromotionApprovals.ADMIN_ROLE, approve(), comment));
                System.out.println("promotion " + id + " " + outcome + " by " + operator(user));
                return 0;
            }
        }
    }

    @Command(name = "approve", description = "Approve a promotion that passed its gate; production moves.")
    static final class Approve extends Decide {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "reject", description = "Reject a promotion that passed its gate; production stays.")
    static final class Reject extends Decide {
        @Override
        boolean approve() {
            return false;
        }
    }

    @Command(name = "rollback", description = "Point production back at the version it pointed at before.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Option(
                names = "--model",
                defaultValue = Aliases.DEFAULT_MODEL,
                description = "Model name (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--comment", defaultValue = "", description = "Why, kept in the alias history.")
        String comment;

        @Option(names = "--user", description = "Who rolls back (default: the operating-system user).")
        String user;

        @Override
        public Integer call() {
            try (Platform platform = Platform.readLineage(global.config())) {
                ModelVersion v = platform.lineage().modelRegistry().rollback(model, operator(user), comment);
                System.out.println(model + " production is version " + v.version() + " again (checkpoint "
                        + v.checkpoint().substring(0, 12) + ")");
                return 0;
            }
        }
    }

    /** A version number or an alias name, as every subcommand takes them. */
    static ModelVersion resolve(ModelRegistryRepository registry, String model, String which) {
        if (which.matches("\\d{1,9}")) {
            int n = Integer.parseInt(which);
            return registry.version(model, n)
                    .orElseThrow(() -> new RegistryException(
                            "model " + model + " has no version " + n + "; ./tempered models list shows them"));
        }
        Aliases.require(which);
        return registry.byAlias(model, which)
                .orElseThrow(() -> new RegistryException("model " + model + " has no "
                        + which + " version"
                        + (which.equals(Aliases.PRODUCTION)
                                ? "; promote one with ./tempered models promote"
                                : "; an evaluate stage on a chat checkpoint registers one")));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
