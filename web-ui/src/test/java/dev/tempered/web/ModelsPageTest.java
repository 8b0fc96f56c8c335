package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.ObjectKeys;
import dev.tempered.storage.StoredObject;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.Aliases;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.NewModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.registry.ApprovalDecision;
import dev.tempered.workflows.registry.GateOutcome;
import dev.tempered.workflows.registry.PromotionActivities;
import dev.tempered.workflows.registry.PromotionApprovals;
import dev.tempered.workflows.registry.PromotionRequest;
import dev.tempered.workflows.registry.PromotionResult;
import dev.tempered.workflows.registry.PromotionWorkflow;
import dev.tempered.workflows.registry.PromotionWorkflowImpl;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's side of promotion: the decision route takes the user from {@link WebUsers} and
 * refuses anyone but an admin before anything reaches Temporal; an admin's approval moves
 * production; the page lists versions, aliases and the audited decision, escaped; the Chat page
 * selects production. The gate here is a stand-in that always passes (the real one is tested
 * with the activities); the workflow, registry tables and HTTP are real.
 */
class ModelsPageTest {
    /** Signed-in accounts by role, through the real login route. */
    private static final java.util.Map<String, SignedIn> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    private static final HttpClient http = HttpClient.newHttpClient();
    private static TestWorkflowEnvironment env;
    private static DashboardServer server;
    private static LineageStore lineage;
    private static ModelRegistryRepository registry;
    private static PromotionApprovals approvals;

    /** Records what the workflow asks in the real tables; its gate passes every candidate. */
    static final class PassingGate implements PromotionActivities {
        @Override
        public GateOutcome gatePromotion(PromotionRequest r) {
            registry.startPromotion(r.promotionId(), r.model(), r.version(), r.tolerance(), r.requestedBy());
            registry.recordGate(r.promotionId(), null, true, Map.of("message", "passed <b>stand-in</b>"));
            return new GateOutcome(true, null, "passed");
        }

        @Override
        public void recordPromotionDecision(String promotionId, ApprovalDecision d) {
            registry.recordDecision(promotionId, d.approve(), d.approver(), d.role(), d.comment());
        }

        @Override
        public int movePromotedAlias(String promotionId) {
            return registry.promote(promotionId).version();
        }
    }

    @BeforeAll
    static void start() {
        StorageFixture storage = StorageFixture.get();
        lineage = storage.lineage();
        registry = lineage.modelRegistry();
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        var worker = env.newWorker("models-page-test");
        worker.registerWorkflowImplementationTypes(PromotionWorkflowImpl.class);
        worker.registerActivitiesImplementations(new PassingGate());
        env.start();
        approvals = new PromotionApprovals(env.getWorkflowClient(), "models-page-test");
        server = DashboardServer.start(
                WebConfig.anyFreePort(),
                lineage,
                storage.newArtifactStore("models-page"),
                null,
                StageCatalogView.NONE,
                new ScriptedChatResponder(),
                approvals);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (env != null) env.close();
    }

    private static String artifact(String text, String kind, Map<String, Object> metadata) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)), kind, "text/plain", metadata));
        return digest;
    }

    private static String newModel() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ModelVersion register(String model) {
        return registry.register(new NewModelVersion(
                model,
                artifact("ckpt " + UUID.randomUUID(), "checkpoint", Map.of("kind", "chat")),
                "chat",
                artifact("card " + UUID.randomUUID(), "report-card", Map.of()),
                null,
                null,
                null,
                null,
                "evaluate"));
    }

    private static String awaitingPromotion(String model, int version) throws InterruptedException {
        String id = approvals.request(model, version, 0.02, "ana");
        for (int i = 0; i < 300 && !Promotion.AWAITING_APPROVAL.equals(approvals.status(id)); i++) Thread.sleep(50);
        assertEquals(Promotion.AWAITING_APPROVAL, approvals.status(id));
        return id;
    }

    private static HttpResponse<String> decide(String id, String user, boolean approve, String comment)
            throws Exception {
        String form = "approve=" + approve + "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(server.url() + "/models/promotions/" + id + "/decision"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (user != null) account(user).apply(b);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One signed-in account per role ({@code admin}, {@code labeler}), made on first use. */
    private static SignedIn account(String role) throws Exception {
        SignedIn s = accounts.get(role);
        if (s == null) {
            s = SignedIn.as(server, dev.tempered.storage.users.Role.parse(role));
            accounts.put(role, s);
        }
        return s;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNonAdminOrAnonymousDecisionIsRefusedAndChangesNothing() throws Exception {
        String model = newModel();
        ModelVersion v = register(model);
        String id = awaitingPromotion(model, v.version());

        HttpResponse<String> labeler = decide(id, "labeler", true, "lgtm");
        assertEquals(403, labeler.statusCode());
        assertTrue(
                labeler.body()
                        .contains(
                                "account '" + account("labeler").name + "' has role labeler; POST /models/promotions/"),
                labeler.body());
        assertTrue(labeler.body().contains("needs an admin"), labeler.body());
        assertEquals(401, decide(id, null, true, "lgtm").statusCode());
        assertEquals(Promotion.AWAITING_APPROVAL, approvals.status(id));
        assertEquals(null, registry.promotion(id).orElseThrow().decidedBy());
        assertTrue(registry.byAlias(model, Aliases.PRODUCTION).isEmpty());
    }

    @Test
    void anAdminsApprovalMovesProductionAndThePageShowsIt() throws Exception {
        String model = newModel();
        ModelVersion v = register(model);
        String id = awaitingPromotion(model, v.version());

        HttpResponse<String> r = decide(id, "admin", true, "better <em>arithmetic</em>");
        assertEquals(302, r.statusCode(), r.body());
        assertEquals(
                "/models?model=" + model, r.headers().firstValue("Location").orElseThrow());
        PromotionResult done = WorkflowStub.fromTyped(
                        env.getWorkflowClient().newWorkflowStub(PromotionWorkflow.class, id))
                .getResult(30, TimeUnit.SECONDS, PromotionResult.class);
        assertEquals(Promotion.PROMOTED, done.status());
        assertEquals(
                v.version(),
                registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());

        String html = get("/models?model=" + model).body();
        assertTrue(html.contains("data-aliases=\"candidate,production\""), html);
        assertTrue(html.contains(account("admin").name + " (admin): better &lt;em&gt;arithmetic&lt;/em&gt;"), html);
        assertTrue(html.contains("passed &lt;b&gt;stand-in&lt;/b&gt;"), html);
        assertFalse(html.contains("<em>arithmetic"), "comments are escaped");

        assertEquals(409, decide(id, "admin", false, "again").statusCode(), "a decided promotion takes no other");
    }

    @Test
    void aBadModelNameOrApproveFieldIsNamed() throws Exception {
        HttpResponse<String> r = get("/models?model=Bad%20Name");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("is not a model name"), r.body());
        String model = newModel();
        String id = awaitingPromotion(model, register(model).version());
        HttpRequest req = account("admin")
                .apply(HttpRequest.newBuilder(URI.create(server.url() + "/models/promotions/" + id + "/decision")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("approve=yes"))
                .build();
        HttpResponse<String> bad = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("approve must be true or false, not 'yes'"), bad.body());
    }

    @Test
    void theChatPageServesProductionUnlessAModelIsNamed() throws Exception {
        ModelVersion v = register(Aliases.DEFAULT_MODEL);
        String id = "promote-chat-test-" + UUID.randomUUID();
        registry.startPromotion(id, Aliases.DEFAULT_MODEL, v.version(), 0.02, "ana");
        registry.recordGate(id, null, true, Map.of());
        registry.recordDecision(id, true, "root", "admin", "for the chat page");
        registry.promote(id);

        String html = get("/chat").body();
        assertTrue(
                html.contains("<option value=\"" + v.checkpoint() + "\" selected"),
                "production's checkpoint is selected: " + html);
        String other = register(newModel()).checkpoint();
        String named = get("/chat?model=" + other).body();
        assertTrue(named.contains("<option value=\"" + other + "\" selected"), named);
        assertFalse(named.contains("<option value=\"" + v.checkpoint() + "\" selected"), named);
    }
}
