package dev.tempered.storage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.ObjectKeys;
import dev.tempered.storage.StoredObject;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.testing.StorageFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Versions numbered per model, candidate on registration, promotion only after approval, rollback. */
class ModelRegistryRepositoryTest {
    private static LineageStore lineage;
    private static ModelRegistryRepository registry;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
        registry = lineage.modelRegistry();
    }

    private static String artifact(String text, String kind) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)), kind, "text/plain", Map.of()));
        return digest;
    }

    private static String model() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ModelVersion register(String model, String salt) {
        return registry.register(new NewModelVersion(
                model,
                artifact("ckpt " + salt + model, "checkpoint"),
                "chat",
                artifact("card " + salt + model, "report-card"),
                null,
                null,
                null,
                null,
                "evaluate"));
    }

    private static void approveAndPromote(String model, int version, String id) {
        registry.startPromotion(id, model, version, 0.02, "ana");
        registry.recordGate(id, null, true, Map.of("failing", List.of()));
        registry.recordDecision(id, true, "root", "admin", "looks good " + version);
        registry.promote(id);
    }

    @Test
    void versionsNumberPerModelAndTheNewestIsTheCandidate() {
        String model = model();
        ModelVersion one = register(model, "a");
        ModelVersion two = register(model, "b");
        assertEquals(1, one.version());
        assertEquals(2, two.version());
        assertEquals(two, register(model, "b"), "registering a checkpoint twice gives the same version");
        assertEquals(Map.of(Aliases.CANDIDATE, 2), registry.aliases(model));
        assertEquals(
                List.of(2, 1),
                registry.versions(model).stream().map(ModelVersion::version).toList());
        assertEquals(2, registry.history(model).size(), "one register move per new version");
    }

    @Test
    void productionMovesOnlyAfterApprovalAndIsAudited() {
        String model = model();
        register(model, "a");
        String id = "promote-" + model;
        registry.startPromotion(id, model, 1, 0.02, "ana");
        registry.recordGate(id, null, true, Map.of());
        RegistryException notApproved = assertThrows(RegistryException.class, () -> registry.promote(id));
        assertTrue(notApproved.getMessage().contains("not approved"), notApproved.getMessage());
        registry.recordDecision(id, true, "root", "admin", "ship it");
        Promotion done = registry.promote(id);
        assertEquals(Promotion.PROMOTED, done.status());
        assertEquals("root", done.decidedBy());
        assertEquals("admin", done.decidedRole());
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());
        AliasMove move = registry.history(model).get(0);
        assertEquals("promote", move.action());
        assertEquals("root", move.actor());
        assertEquals("ship it", move.comment());
        assertEquals(id, move.promotionId());
        assertNull(move.fromVersion());
        assertEquals(done, registry.promote(id), "promoting twice changes nothing");
        assertEquals(2, registry.history(model).size(), "register, promote; the repeat adds no row");
    }

    @Test
    void aRejectedRequestEndsAndCannotPromote() {
        String model = model();
        register(model, "a");
        String id = "promote-" + model;
        registry.startPromotion(id, model, 1, 0.02, "ana");
        registry.recordGate(id, null, true, Map.of());
        registry.recordDecision(id, false, "root", "admin", "replies too short");
        assertEquals(Promotion.REJECTED, registry.promotion(id).orElseThrow().status());
        assertThrows(RegistryException.class, () -> registry.promote(id));
        assertTrue(registry.byAlias(model, Aliases.PRODUCTION).isEmpty());
    }

    @Test
    void rollbackRestoresThePreviousProductionVersion() {
        String model = model();
        register(model, "a");
        register(model, "b");
        register(model, "c");
        approveAndPromote(model, 1, "p1-" + model);
        RegistryException first = assertThrows(RegistryException.class, () -> registry.rollback(model, "root", "x"));
        assertTrue(first.getMessage().contains("nothing to roll back to"), first.getMessage());
        approveAndPromote(model, 3, "p3-" + model);
        assertEquals(
                3, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());

        ModelVersion back = registry.rollback(model, "root", "version 3 refuses too often");
        assertEquals(1, back.version());
        assertEquals(
                1, registry.byAlias(model, Aliases.PRODUCTION).orElseThrow().version());
        assertEquals(3, registry.byAlias(model, Aliases.CANDIDATE).orElseThrow().version(), "candidate untouched");
        AliasMove move = registry.history(model).get(0);
        assertEquals("rollback", move.action());
        assertEquals(3, move.fromVersion());
        assertEquals(1, move.toVersion());
        assertEquals("version 3 refuses too often", move.comment());
    }

    @Test
    void unknownVersionsAndAliasesAreNamed() {
        String model = model();
        RegistryException noVersion =
                assertThrows(RegistryException.class, () -> registry.startPromotion("x-" + model, model, 7, 0, "ana"));
        assertTrue(noVersion.getMessage().contains("has no version 7"), noVersion.getMessage());
        RegistryException alias = assertThrows(RegistryException.class, () -> registry.byAlias(model, "staging"));
        assertTrue(alias.getMessage().contains("'staging'"), alias.getMessage());
    }
}
